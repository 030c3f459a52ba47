import { builder } from './builder.js';
import { loadPolicy } from '../domain/policy.js';

export const SectionRef = builder.prismaObject('Section', {
  description: 'A marketplace category.',
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.string({
      description: 'The name in `locale`, falling back to the first required locale.',
      args: { locale: t.arg.string({ required: false }) },
      resolve: async (section, { locale }, ctx) => {
        const names = section.names as Record<string, string>;
        const { requiredLocales } = await loadPolicy(ctx);
        return names[locale ?? ''] ?? names[requiredLocales[0] ?? 'en'] ?? section.key;
      },
    }),
  }),
});

builder.queryField('sections', (t) =>
  t.prismaField({
    type: ['Section'],
    description: 'The marketplace categories, in display order.',
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.section.findMany({ ...query, where: { archived: false }, orderBy: { position: 'asc' } }),
  }),
);

builder.prismaObject('Scope', {
  description: 'A platform API access an app version may request.',
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label'),
    description: t.exposeString('description'),
    polling: t.exposeBoolean('polling', { description: 'Polling access: a version must give its interval.' }),
  }),
});

builder.queryField('scopes', (t) =>
  t.prismaField({
    type: ['Scope'],
    description: 'The catalogue of API accesses.',
    resolve: (query, _root, _args, ctx) => ctx.prisma.scope.findMany({ ...query, orderBy: { key: 'asc' } }),
  }),
);
