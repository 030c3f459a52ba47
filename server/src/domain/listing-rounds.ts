import type { Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { transaction } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import type { Change } from '../events/types.js';
import type { ListingChange, ListingChangeStatus, Prisma } from '../generated/prisma/client.js';
import { appEvent, loadAppFacts, runAppAction, type LoadedApp } from './apps.js';
import { NotFoundError, ValidationError, refusalError } from './errors.js';
import { LISTING_CHANGE_ACTIONS, listingChangeRefusals, type ListingChangeAction } from './lifecycle.js';
import { applyListingEdit, mergeListingEdits, planListingEdit } from './listing-edits.js';
import type { ListingInput, NormalizedListing } from './listing.js';
import { readPolicy } from './policy.js';
import type { Deps } from './versions.js';

/** The listing round still waiting for staff, oldest first: the listing changes' queue. */
export const listingChangeQueueWhere = { status: 'PENDING', app: { deletedAt: null } } satisfies Prisma.ListingChangeWhereInput;
export const listingChangeQueueOrder = [{ createdAt: 'asc' }, { id: 'asc' }] satisfies Prisma.ListingChangeOrderByWithRelationInput[];

/** Whether an edit of this app's listing waits for staff: the policy asks for it and the app is live. */
export function editNeedsReview(policy: { listingEditsNeedReview: boolean }, app: Pick<LoadedApp, 'versionStatuses'>): boolean {
  return policy.listingEditsNeedReview && app.versionStatuses.includes('LIVE');
}

/**
 * Edits the listing. By default (and for an app not yet live) edits apply at once, without a new
 * review, each changed field recorded with its old and new value so staff see it in the history.
 * When the policy asks for review of live edits, an edit of a live app is checked the same way but
 * stored as a pending listing change (a listing round) instead; a further edit merges into the
 * pending one. Every problem is reported at once, and a refusal changes nothing.
 */
export function updateListing(deps: Deps, appId: string, input: ListingInput) {
  return runAppAction(deps, appId, 'updateListing', async (tx, facts) => {
    const policy = await readPolicy(tx);
    const plan = await planListingEdit(tx, facts, deps.viewer, input, policy);
    if (!editNeedsReview(policy, facts)) return applyListingEdit(tx, facts, deps.viewer, plan);
    await proposeListingChange(tx, facts, deps.viewer, plan.listing, policy);
    return plan.app;
  });
}

/** Stores an edit of a live app as its pending listing round, merged over the one already waiting. */
async function proposeListingChange(
  tx: Tx,
  facts: LoadedApp,
  viewer: Viewer,
  edit: NormalizedListing,
  policy: Awaited<ReturnType<typeof readPolicy>>,
) {
  const pending = await tx.listingChange.findFirst({ where: { appId: facts.id, status: 'PENDING' } });
  const merged = pending ? mergeListingEdits(pending.edit as NormalizedListing, edit) : edit;
  // What the round changes against the live listing, as it stands after the merge.
  const { changes } = pending ? await planListingEdit(tx, facts, viewer, merged, policy) : await planListingEdit(tx, facts, viewer, edit, policy);
  if (!pending && Object.keys(changes).length === 0) return null;
  const data = { edit: merged as Prisma.InputJsonObject, changes: changes as unknown as Prisma.InputJsonObject };
  const round = pending
    ? await tx.listingChange.update({ where: { id: pending.id }, data })
    : await tx.listingChange.create({ data: { ...data, appId: facts.id, createdById: viewer.kind === 'user' ? viewer.id : facts.partnerId } });
  await recordEvent(tx, {
    type: 'app.listing_change_submitted',
    ...appEvent(facts, viewer),
    payload: { listingChangeId: round.id, changes, merged: !!pending },
  });
  return round;
}

/**
 * Runs a listing round action in one transaction: locks the app, then the round, checks the rules
 * of {@link LISTING_CHANGE_ACTIONS}, applies the change and records its event.
 */
async function runListingChangeAction(
  deps: Deps,
  listingChangeId: string,
  action: ListingChangeAction,
  apply: (tx: Tx, round: ListingChange, app: LoadedApp) => Promise<ListingChange>,
) {
  return transaction(deps, undefined, async (tx) => {
    const found = await tx.listingChange.findUnique({ where: { id: listingChangeId }, select: { appId: true } });
    // Partners may not act on rounds, and read another partner's as missing.
    const app = found && (await loadAppFacts(tx, deps.viewer, found.appId));
    if (!found || !app) throw new NotFoundError('No such listing change');
    await tx.$executeRaw`SELECT 1 FROM "App" WHERE id = ${found.appId} FOR UPDATE`;
    const round = await tx.listingChange.findUniqueOrThrow({ where: { id: listingChangeId } });
    const reasons = listingChangeRefusals(action, { status: round.status, assigneeId: round.assigneeId, app }, deps.viewer);
    if (reasons.length) throw refusalError(reasons);
    return apply(tx, round, app);
  });
}

const actorId = (viewer: Viewer) => (viewer.kind === 'user' ? viewer.id : null);

/** A reviewer or admin takes a listing round from the queue. */
export function claimListingChange(deps: Deps, listingChangeId: string) {
  return runListingChangeAction(deps, listingChangeId, 'claim', async (tx, round, app) => {
    const assigneeId = actorId(deps.viewer);
    const updated = await tx.listingChange.update({ where: { id: round.id }, data: { assigneeId, claimedAt: new Date() } });
    await recordEvent(tx, {
      type: 'app.listing_change_claimed',
      ...appEvent(app, deps.viewer),
      payload: { listingChangeId: round.id, assigneeId: { old: round.assigneeId, new: assigneeId } },
    });
    return updated;
  });
}

/**
 * The assignee decides a listing round: APPROVED applies the edit to the live listing (checked
 * again against the listing as it is now, and recorded as `app.listing_updated`); SENT_BACK and
 * DECLINED keep the live listing and need a comment for the partner.
 */
export function decideListingChange(deps: Deps, listingChangeId: string, outcome: Exclude<ListingChangeStatus, 'PENDING'>, note: string | null) {
  const action: ListingChangeAction = outcome === 'APPROVED' ? 'approve' : outcome === 'SENT_BACK' ? 'sendBack' : 'decline';
  return runListingChangeAction(deps, listingChangeId, action, async (tx, round, app) => {
    const comment = note?.trim() || null;
    if (outcome !== 'APPROVED' && !comment) throw new ValidationError([{ field: 'note', message: 'Tell the partner what to change, or why it is declined' }]);
    if (outcome === 'APPROVED') {
      const policy = await readPolicy(tx);
      // A staff member applies the partner's edit: the rules are the partner's, the actor is staff.
      const plan = await planListingEdit(tx, app, deps.viewer, round.edit as ListingInput, policy);
      await applyListingEdit(tx, app, deps.viewer, plan);
    }
    const updated = await tx.listingChange.update({
      where: { id: round.id },
      data: { status: LISTING_CHANGE_ACTIONS[action].to, decidedAt: new Date(), decidedById: actorId(deps.viewer), decisionNote: comment },
    });
    const status: Change<string> = { old: round.status, new: updated.status };
    await recordEvent(tx, { type: 'app.listing_change_decided', ...appEvent(app, deps.viewer), payload: { listingChangeId: round.id, status, note: comment } });
    return updated;
  });
}
