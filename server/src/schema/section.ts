import { builder } from './builder.js';
import { loadPolicy } from '../domain/policy.js';

export const SectionRef = builder.prismaObject('Section', {
  description: 'A marketplace category.',
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.string({
      description: 'The name in `locale`, falling back to the first required locale.',
      args: { locale: t.arg.string({ required: false }) },
      resolve: (section, { locale }, ctx) => {
        const names = section.names as Record<string, string>;
        const { requiredLocales } = loadPolicy(ctx);
        return names[locale ?? ''] ?? names[requiredLocales[0] ?? 'en'] ?? section.key;
      },
    }),
  }),
});

// Served from memory (ReferenceData): the rows are few and read by nearly every page.
builder.queryField('sections', (t) =>
  t.field({
    type: [SectionRef],
    description: 'The marketplace categories, in display order.',
    resolve: (_root, _args, ctx) => ctx.reference.sections.filter((section) => !section.archived),
  }),
);

export const ScopeRef = builder.prismaObject('Scope', {
  description: 'A platform API access an app version may request.',
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label'),
    description: t.exposeString('description'),
    polling: t.exposeBoolean('polling', { description: 'Polling access: a version must give its interval.' }),
  }),
});

builder.queryField('scopes', (t) =>
  t.field({
    type: [ScopeRef],
    description: 'The catalogue of API accesses.',
    resolve: (_root, _args, ctx) => ctx.reference.scopes,
  }),
);
