import { decodeGlobalID, resolveNodes } from '@pothos/plugin-relay';
import { builder } from './builder.js';
import { isVisibleNode } from './ids.js';
import { notFound } from './input-bounds-plugin.js';
import type { Context } from '../context.js';

// Relay's `node` and `nodes`, answering one NOT_FOUND alike for a malformed id, an id of another
// type (checked by the input-bounds plugin), an id of nothing and an object the viewer may not see.

/** The node behind a raw global id, when the viewer may see it. */
async function visibleNode(rawId: string | number, ctx: Context, info: Parameters<typeof resolveNodes>[2]): Promise<unknown> {
  const id = decodeGlobalID(String(rawId));
  let node: unknown;
  try {
    [node] = await resolveNodes(builder, ctx, info, [id]);
  } catch (error) {
    // Prisma's "no record" (P2025) for an id of nothing; anything else is a real fault.
    if ((error as { code?: unknown }).code === 'P2025') throw notFound();
    throw error;
  }
  if (!(await isVisibleNode(id.typename, node, ctx))) throw notFound();
  return node;
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx, info) => visibleNode(id, ctx, info),
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx, info) => ids.map((id) => visibleNode(id, ctx, info)),
  }),
}));
