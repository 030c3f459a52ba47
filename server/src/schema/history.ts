import { builder } from './builder.js';
import { isStaff } from '../auth/viewer.js';
import type { Context } from '../context.js';
import type { Prisma } from '../generated/prisma/client.js';

export const EventRef = builder.prismaObject('Event', {
  description: 'One change in the history: who did what, when, with the old and new values.',
  fields: (t) => ({
    cursor: t.string({ description: 'Its position in the log; resume after it.', resolve: (e) => e.id.toString() }),
    type: t.exposeString('type', { description: 'e.g. version.submitted, thread.opened, app.listing_updated.' }),
    payload: t.expose('payload', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    actor: t.relation('actor', { nullable: true, description: 'Null for the system (an automatic release, an installation).' }),
    versionId: t.exposeString('versionId', { nullable: true }),
  }),
});

/** Partners read their partner's events; staff read all. */
const visibleEvents = (ctx: Context): Prisma.EventWhereInput =>
  isStaff(ctx.viewer) || ctx.viewer.kind !== 'user' ? {} : { partnerId: { in: [...ctx.viewer.memberships.keys()] } };

builder.prismaObjectFields('App', (t) => ({
  history: t.relatedConnection('events', {
    cursor: 'id',
    description: 'Every change to the app and its versions, oldest first.',
    authScopes: (app, _args, ctx) => isStaff(ctx.viewer) || (ctx.viewer.kind === 'user' && ctx.viewer.memberships.has(app.partnerId)),
    query: (_args, ctx) => ({ where: visibleEvents(ctx), orderBy: { id: 'asc' } }),
  }),
}));

builder.prismaObjectFields('AppVersion', (t) => ({
  history: t.relatedConnection('events', {
    cursor: 'id',
    description: 'Every change to this version: status, checklist, threads, claims; oldest first.',
    query: (_args, ctx) => ({ where: visibleEvents(ctx), orderBy: { id: 'asc' } }),
  }),
}));
