import type { Viewer } from '../auth/viewer.js';
import { isMemberOf, isStaff } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { availableWhere } from './states.js';

/** Staff and the owning partner's members manage an app; everyone else only sees it listed. */
export function canManageApp(viewer: Viewer, app: { partnerId: string }) {
  return isStaff(viewer) || isMemberOf(viewer, app.partnerId);
}

/** Whether the viewer may see the app at all: managers always, others only while available. */
export async function canSeeApp(ctx: Pick<Context, 'viewer' | 'prisma' | 'cache'>, app: { id: string; partnerId: string }) {
  if (canManageApp(ctx.viewer, app) || ctx.cache.visibleApps.has(app.id)) return true;
  const available = await ctx.prisma.app.count({ where: { id: app.id, ...availableWhere } });
  if (available) ctx.cache.visibleApps.add(app.id);
  return available > 0;
}
