import type { Viewer } from '../auth/viewer.js';
import { administeredAccount, isMemberOf, isStaff } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { availableWhere } from './states.js';

/** Staff and the owning partner's members manage an app; everyone else only sees it listed. */
export function canManageApp(viewer: Viewer, app: { partnerId: string }) {
  return isStaff(viewer) || isMemberOf(viewer, app.partnerId);
}

/**
 * Whether the viewer may see the app at all: managers always, others only while available. Known
 * answers (a manager, an app the request has already listed) come back at once, not as a promise:
 * the check runs for every app of a catalog page.
 */
export function canSeeApp(ctx: Pick<Context, 'viewer' | 'prisma' | 'cache'>, app: { id: string; partnerId: string }): boolean | Promise<boolean> {
  if (!ctx.cache.appPartner.has(app.id)) ctx.cache.appPartner.set(app.id, Promise.resolve(app.partnerId));
  if (canManageApp(ctx.viewer, app) || ctx.cache.visibleApps.has(app.id)) return true;
  return isListedOrInstalled(ctx, app);
}

/** Whether an app is in the catalog, or installed by the viewer's account, read from the database. */
async function isListedOrInstalled(ctx: Pick<Context, 'viewer' | 'prisma' | 'cache'>, app: { id: string }) {
  const account = administeredAccount(ctx.viewer);
  // An account always sees the apps it has installed, also once they leave the catalog.
  const where = account
    ? { id: app.id, OR: [availableWhere, { installations: { some: { accountId: account.id } } }] }
    : { id: app.id, ...availableWhere };
  const visible = await ctx.prisma.app.count({ where });
  if (visible) ctx.cache.visibleApps.add(app.id);
  return visible > 0;
}

/** The partner owning an app, memoised per request. */
export function partnerOfApp(ctx: Pick<Context, 'prisma' | 'cache'>, appId: string): Promise<string | null> {
  let partner = ctx.cache.appPartner.get(appId);
  if (!partner) {
    partner = ctx.prisma.app.findUnique({ where: { id: appId }, select: { partnerId: true } }).then((a) => a?.partnerId ?? null);
    ctx.cache.appPartner.set(appId, partner);
  }
  return partner;
}

/**
 * Versions, their checklists and threads are for the partner's members and staff only. Pass the
 * app's partner when it was loaded with the version, so no statement is spent on it.
 */
export async function canManageVersion(
  ctx: Pick<Context, 'viewer' | 'prisma' | 'cache'>,
  version: { appId: string; app?: { partnerId: string } },
) {
  if (version.app && !ctx.cache.appPartner.has(version.appId)) ctx.cache.appPartner.set(version.appId, Promise.resolve(version.app.partnerId));
  const partnerId = await partnerOfApp(ctx, version.appId);
  return partnerId !== null && canManageApp(ctx.viewer, { partnerId });
}
