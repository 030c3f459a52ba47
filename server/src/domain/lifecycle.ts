import type { Viewer } from '../auth/viewer.js';
import type { ConsultationStatus, ListingChangeStatus, VersionStatus } from '../generated/prisma/client.js';
import type { MissingItem } from './completeness.js';

/**
 * The version lifecycle as data: for every action, the statuses it may start from, the status it
 * leads to (null: the status stays), who may take it and the guards it must pass. Mutations apply
 * this table; the `viewerCan…` capability fields read it; the README prints it.
 */

/** Who a viewer is in relation to a version. */
export type Actor = 'PARTNER' | 'REVIEWER' | 'ADMIN';

export type ReasonCode =
  | 'FORBIDDEN'
  | 'WRONG_STATUS'
  | 'INCOMPLETE'
  | 'NOT_CLAIMED'
  | 'CLAIMED_BY_ANOTHER'
  | 'ALREADY_CLAIMED'
  | 'OPEN_BLOCKING_THREADS'
  | 'NO_OPEN_THREAD'
  | 'FAILED_ITEMS'
  | 'APP_DELETED'
  | 'ACTIVE_INSTALLATIONS'
  | 'API_VERSION_TOO_OLD'
  | 'COUNTRY_NOT_SERVED'
  | 'SCOPES_NOT_GRANTED'
  | 'LAST_OWNER'
  | 'ALREADY_MEMBER'
  | 'INVITATION_EXPIRED'
  | 'INVITATION_USED'
  | 'INVITATION_FOR_ANOTHER'
  | 'ACCOUNT_EXISTS'
  | 'WRONG_CONNECTION_METHOD'
  | 'MODULE_FAILED'
  | 'INVITATION_CANCELLED'
  | 'LAST_ADMIN'
  | 'MODULE_ADDRESS_REFUSED'
  | 'REQUEST_IN_PROGRESS';

/** Why an action is refused now. */
export interface Reason {
  code: ReasonCode;
  message: string;
  /** With INCOMPLETE: every missing item. */
  missing?: MissingItem[];
}

/** The facts the guards read. */
export interface VersionFacts {
  status: VersionStatus;
  assigneeId: string | null;
  app: { partnerId: string; deletedAt: Date | null };
  /** Open deficiency threads. */
  openThreads: { blocking: boolean }[];
  /** Labels of checklist items with a FAIL verdict, as people read them ("Transmits chargebacks"). */
  failedItems: string[];
  /** What submission still lacks; computed only for actions that need it. */
  missing: () => MissingItem[];
}

type Guard = (facts: VersionFacts, viewer: Viewer) => Reason | null;

const notDeleted: Guard = (f) =>
  f.app.deletedAt ? { code: 'APP_DELETED', message: 'The app has been deleted' } : null;

const complete: Guard = (f) => {
  const missing = f.missing();
  return missing.length
    ? { code: 'INCOMPLETE', message: `${missing.length} item(s) are missing before submission`, missing }
    : null;
};

const claimedByViewer: Guard = (f, viewer) => {
  if (!f.assigneeId) return { code: 'NOT_CLAIMED', message: 'Claim the review before deciding on it' };
  if (viewer.kind !== 'user' || f.assigneeId !== viewer.id) {
    return { code: 'CLAIMED_BY_ANOTHER', message: 'Another reviewer is assigned to this review' };
  }
  return null;
};

// A resubmitted version goes back to its reviewer already in review (see `reviewerOnResubmission`).
const notClaimedByAnother: Guard = (f, viewer) => {
  if (viewer.kind === 'user' && f.assigneeId === viewer.id) {
    return f.status === 'IN_REVIEW' ? { code: 'ALREADY_CLAIMED', message: 'You already claimed this review' } : null;
  }
  return f.assigneeId ? { code: 'CLAIMED_BY_ANOTHER', message: 'Another reviewer has claimed this review' } : null;
};

const hasOpenThread: Guard = (f) =>
  f.openThreads.length === 0
    ? { code: 'NO_OPEN_THREAD', message: 'Open at least one thread saying what to fix before requesting changes' }
    : null;

const noOpenBlockingThread: Guard = (f) => {
  const blocking = f.openThreads.filter((t) => t.blocking).length;
  return blocking ? { code: 'OPEN_BLOCKING_THREADS', message: `${blocking} blocking thread(s) are still open` } : null;
};

const noFailedItem: Guard = (f) =>
  f.failedItems.length
    ? { code: 'FAILED_ITEMS', message: `Checklist items failed: ${f.failedItems.join(', ')}` }
    : null;

export interface ActionRule {
  description: string;
  from: readonly VersionStatus[];
  to: VersionStatus | null;
  who: readonly Actor[];
  guards: readonly Guard[];
}

/** Statuses in which the partner edits the version (manifest, checklist answers). */
export const IN_FLIGHT_EDITABLE = ['DRAFT', 'CHANGES_REQUESTED'] as const;
const AWAITING = ['SUBMITTED', 'IN_REVIEW'] as const;
const STAFF = ['REVIEWER', 'ADMIN'] as const;

export const VERSION_ACTIONS = {
  update: {
    description: 'Edit the manifest (version, changelog, API version, scopes, connection)',
    from: IN_FLIGHT_EDITABLE,
    to: null,
    who: ['PARTNER'],
    guards: [notDeleted],
  },
  answer: {
    description: 'Answer a checklist item',
    from: IN_FLIGHT_EDITABLE,
    to: null,
    who: ['PARTNER'],
    guards: [notDeleted],
  },
  submit: {
    description: 'Send to moderation',
    from: IN_FLIGHT_EDITABLE,
    to: 'SUBMITTED',
    who: ['PARTNER'],
    guards: [notDeleted, complete],
  },
  withdraw: {
    description: 'Pull the submission back before a decision, or an approved version before its release',
    // An approved version that is never released would otherwise hold the app's one in-flight slot.
    from: [...AWAITING, 'APPROVED'],
    to: 'WITHDRAWN',
    who: ['PARTNER'],
    guards: [],
  },
  claim: {
    description: 'Take the review',
    from: AWAITING,
    to: 'IN_REVIEW',
    who: STAFF,
    guards: [notDeleted, notClaimedByAnother],
  },
  assign: {
    description: 'Assign the review to a reviewer',
    from: AWAITING,
    to: 'IN_REVIEW',
    who: ['ADMIN'],
    guards: [notDeleted],
  },
  setVerdict: {
    description: 'Give a checklist item a verdict',
    from: ['IN_REVIEW'],
    to: null,
    who: STAFF,
    guards: [claimedByViewer],
  },
  openThread: {
    description: 'Open a deficiency thread',
    from: ['SUBMITTED', 'IN_REVIEW'],
    to: null,
    who: STAFF,
    guards: [notDeleted],
  },
  requestChanges: {
    description: 'Send the version back with the open threads to fix',
    from: ['IN_REVIEW'],
    to: 'CHANGES_REQUESTED',
    who: STAFF,
    guards: [claimedByViewer, hasOpenThread],
  },
  approve: {
    description: 'Approve the version',
    from: ['IN_REVIEW'],
    to: 'APPROVED',
    who: STAFF,
    guards: [claimedByViewer, noOpenBlockingThread, noFailedItem],
  },
  reject: {
    description: 'Reject the version for good',
    from: ['IN_REVIEW'],
    to: 'REJECTED',
    who: STAFF,
    guards: [claimedByViewer],
  },
  release: {
    description: 'Make the approved version live',
    from: ['APPROVED'],
    to: 'LIVE',
    who: ['PARTNER'],
    guards: [notDeleted],
  },
} as const satisfies Record<string, ActionRule>;

export type VersionAction = keyof typeof VERSION_ACTIONS;

/** How messages name a version's status. */
export const STATUS_WORDS: Record<VersionStatus, string> = {
  DRAFT: 'a draft',
  SUBMITTED: 'submitted',
  IN_REVIEW: 'in review',
  CHANGES_REQUESTED: 'sent back for changes',
  APPROVED: 'approved',
  LIVE: 'live',
  SUPERSEDED: 'superseded',
  WITHDRAWN: 'withdrawn',
  REJECTED: 'rejected',
  EXPIRED: 'expired (approved, never released)',
};

/** The viewer's part in a version's app: the partner's member, a reviewer, an admin, or none. */
export function actorFor(viewer: Viewer, partnerId: string): Actor | null {
  if (viewer.kind !== 'user') return null;
  if (viewer.staffRole === 'ADMIN') return 'ADMIN';
  if (viewer.staffRole === 'REVIEWER') return 'REVIEWER';
  return viewer.memberships.has(partnerId) ? 'PARTNER' : null;
}

/** Every reason the viewer may not take `action` now; empty when it may. */
export function refusals(action: VersionAction, facts: VersionFacts, viewer: Viewer): Reason[] {
  const rule: ActionRule = VERSION_ACTIONS[action];
  const actor = actorFor(viewer, facts.app.partnerId);
  if (!actor || !rule.who.includes(actor)) {
    return [{ code: 'FORBIDDEN', message: `Only ${rule.who.map((w) => w.toLowerCase()).join(' or ')}s may ${rule.description.toLowerCase()}` }];
  }
  if (!rule.from.includes(facts.status)) {
    return [
      {
        code: 'WRONG_STATUS',
        message: `Not possible while the version is ${STATUS_WORDS[facts.status]}; possible when it is ${rule.from.map((s) => STATUS_WORDS[s]).join(' or ')}`,
      },
    ];
  }
  return rule.guards.map((guard) => guard(facts, viewer)).filter((reason): reason is Reason => reason !== null);
}

/** The rules of deficiency threads, in the same shape as the version's. */
export type ThreadAction = 'comment' | 'markAddressed' | 'resolve';

export const THREAD_ACTIONS: Record<ThreadAction, { description: string; who: readonly Actor[]; whileOpen: boolean }> = {
  comment: { description: 'Comment on the thread', who: ['PARTNER', 'REVIEWER', 'ADMIN'], whileOpen: true },
  markAddressed: { description: 'Mark the deficiency addressed', who: ['PARTNER'], whileOpen: true },
  resolve: { description: 'Resolve the thread', who: ['REVIEWER', 'ADMIN'], whileOpen: true },
};

/** Every reason the viewer may not take a thread action now; empty when it may. */
export function threadRefusals(
  action: ThreadAction,
  thread: { status: 'OPEN' | 'RESOLVED'; partnerId: string },
  viewer: Viewer,
): Reason[] {
  const rule = THREAD_ACTIONS[action];
  const actor = actorFor(viewer, thread.partnerId);
  if (!actor || !rule.who.includes(actor)) {
    return [{ code: 'FORBIDDEN', message: `Only ${rule.who.map((w) => w.toLowerCase()).join(' or ')}s may ${rule.description.toLowerCase()}` }];
  }
  if (rule.whileOpen && thread.status !== 'OPEN') {
    return [{ code: 'WRONG_STATUS', message: 'The thread is resolved' }];
  }
  return [];
}

/**
 * Re-review: a version sent back for changes returns, when resubmitted, to the reviewer who sent it
 * back, already in review, so nobody claims it again. Null when it goes to the queue for anyone: a
 * first submission, or its reviewer is no longer staff.
 */
export function reviewerOnResubmission(
  from: VersionStatus,
  assignee: { id: string; staffRole: string | null } | null,
): string | null {
  return from === 'CHANGES_REQUESTED' && assignee?.staffRole ? assignee.id : null;
}

/** Whose move it is on a version: the partner's, the marketplace's, or nobody's (it is settled). */
export type Turn = 'PARTNER' | 'MARKETPLACE' | 'NONE';

export function whoseTurn(status: VersionStatus): Turn {
  if (status === 'DRAFT' || status === 'CHANGES_REQUESTED' || status === 'APPROVED') return 'PARTNER';
  if (status === 'SUBMITTED' || status === 'IN_REVIEW') return 'MARKETPLACE';
  return 'NONE';
}

/**
 * Whose move it is, for a desk of reviewers: the partner's, any reviewer's (a submission nobody
 * holds yet), the assigned reviewer's, or nobody's. `whoseTurn` says only "the marketplace" for
 * every row of the queue; this says which of its people.
 */
export type ReviewTurn = 'PARTNER' | 'ANY_REVIEWER' | 'ASSIGNEE' | 'NONE';

export function reviewTurn(status: VersionStatus, assigneeId: string | null): ReviewTurn {
  const turn = whoseTurn(status);
  if (turn === 'PARTNER') return 'PARTNER';
  if (turn === 'NONE') return 'NONE';
  // A claimed (or handed-back) review can be taken by nobody else: it is its reviewer's move.
  return assigneeId ? 'ASSIGNEE' : 'ANY_REVIEWER';
}

// ─── App-level actions ─────────────────────────────────────────────────────

/** The facts app-level guards read. */
export interface AppFactsForRules {
  partnerId: string;
  deletedAt: Date | null;
  consultation: ConsultationStatus;
  /** The admin who claimed the consultation request from the queue. */
  consultationAssigneeId: string | null;
  partnerDisabled: boolean;
  platformDisabled: boolean;
  versionStatuses: VersionStatus[];
  activeInstallations: number;
  consultationEnabled: boolean;
}

type AppGuard = (facts: AppFactsForRules, viewer: Viewer) => Reason | null;

const appNotDeleted: AppGuard = (f) => (f.deletedAt ? { code: 'APP_DELETED', message: 'The app has been deleted' } : null);

/** A version still on its way to LIVE: an app has at most one. */
export const IN_FLIGHT: readonly VersionStatus[] = ['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED'];

/**
 * Statuses that make an app's listing reviewed material: while a version is submitted, in review,
 * approved or live, the required parts of the listing (texts in the required locales, logo,
 * countries, section, support and documentation URLs) may be edited but not removed.
 */
export const LISTING_REQUIRED_WHILE: readonly VersionStatus[] = ['SUBMITTED', 'IN_REVIEW', 'APPROVED', 'LIVE'];

const consultationRequestable: AppGuard = (f) =>
  !f.consultationEnabled || f.consultation === 'NOT_REQUIRED'
    ? { code: 'WRONG_STATUS', message: 'The marketplace does not require a consultation' }
    : f.consultation !== 'NOT_REQUESTED'
      ? { code: 'WRONG_STATUS', message: `The consultation is already ${f.consultation.toLowerCase().replace('_', ' ')}` }
      : null;

const consultationAwaitingDecision: AppGuard = (f) =>
  f.consultation === 'REQUESTED' ? null : { code: 'WRONG_STATUS', message: 'No consultation is awaiting a decision' };

// Like a review: one admin at a time works on a consultation request, and decides it. Once
// decided, the assignee is only who decided, and `consultationAwaitingDecision` says why not.
const consultationNotClaimedByAnother: AppGuard = (f, viewer) =>
  f.consultation === 'REQUESTED' && f.consultationAssigneeId && (viewer.kind !== 'user' || f.consultationAssigneeId !== viewer.id)
    ? { code: 'CLAIMED_BY_ANOTHER', message: 'Another admin has claimed this consultation request' }
    : null;

const consultationNotClaimedByViewer: AppGuard = (f, viewer) =>
  f.consultation === 'REQUESTED' && viewer.kind === 'user' && f.consultationAssigneeId === viewer.id
    ? { code: 'ALREADY_CLAIMED', message: 'You already claimed this consultation request' }
    : null;

const consultationPassed: AppGuard = (f) =>
  f.consultation === 'DECLINED'
    ? { code: 'WRONG_STATUS', message: 'The consultation was declined' }
    : f.consultation === 'NOT_REQUESTED' || f.consultation === 'REQUESTED'
      ? { code: 'WRONG_STATUS', message: 'The consultation with marketplace staff must be approved first' }
      : null;

/** Statuses whose checklist was made from the section's template and is being (or was) reviewed. */
const CHECKLIST_UNDER_REVIEW: readonly VersionStatus[] = ['SUBMITTED', 'IN_REVIEW', 'APPROVED'];

const noChecklistUnderReview: AppGuard = (f) =>
  f.versionStatuses.some((s) => CHECKLIST_UNDER_REVIEW.includes(s))
    ? {
        code: 'WRONG_STATUS',
        message:
          "A version is in review or approved with the current section's checklist; withdraw it or wait for its release before changing the section",
      }
    : null;

const noVersionInFlight: AppGuard = (f) =>
  f.versionStatuses.some((s) => IN_FLIGHT.includes(s)) ? { code: 'WRONG_STATUS', message: 'The app already has a version in flight' } : null;

const ownerOrStaff: AppGuard = (f, viewer) =>
  viewer.kind === 'user' && viewer.staffRole === null && viewer.memberships.get(f.partnerId) !== 'OWNER'
    ? { code: 'FORBIDDEN', message: "Only the partner's owners may delete an app" }
    : null;

const noActiveInstallation: AppGuard = (f) =>
  f.activeInstallations > 0
    ? { code: 'ACTIVE_INSTALLATIONS', message: `${f.activeInstallations} account(s) still have the app installed` }
    : null;

export const APP_ACTIONS = {
  updateListing: {
    description: "Edit the listing (applies at once, or waits for staff as a listing round when the policy asks for review of a live app's edits)",
    who: ['PARTNER'],
    guards: [appNotDeleted],
  },
  changeSection: {
    description: "Move the app to another section (editable versions get that section's checklist)",
    who: ['PARTNER'],
    guards: [appNotDeleted, noChecklistUnderReview],
  },
  requestConsultation: {
    description: "Ask for the consultation about the app's idea",
    who: ['PARTNER'],
    guards: [appNotDeleted, consultationRequestable],
  },
  claimConsultation: {
    description: 'Take the consultation request from the queue',
    who: ['ADMIN'],
    guards: [appNotDeleted, consultationAwaitingDecision, consultationNotClaimedByViewer, consultationNotClaimedByAnother],
  },
  decideConsultation: {
    description: 'Approve or decline the consultation',
    who: ['ADMIN'],
    guards: [appNotDeleted, consultationAwaitingDecision, consultationNotClaimedByAnother],
  },
  createVersion: {
    description: 'Start a new version',
    who: ['PARTNER'],
    guards: [appNotDeleted, consultationPassed, noVersionInFlight],
  },
  setPartnerState: {
    description: 'Switch the app online or off',
    who: ['PARTNER'],
    guards: [appNotDeleted],
  },
  setPlatformDisabled: {
    description: 'Suspend or reinstate the app',
    who: ['ADMIN'],
    guards: [appNotDeleted],
  },
  delete: {
    description: 'Delete the app (its version in flight is withdrawn)',
    who: ['PARTNER', 'ADMIN'],
    guards: [appNotDeleted, ownerOrStaff, noActiveInstallation],
  },
} as const satisfies Record<string, { description: string; who: readonly Actor[]; guards: readonly AppGuard[] }>;

export type AppAction = keyof typeof APP_ACTIONS;

/** Every reason the viewer may not take an app-level action now; empty when it may. */
export function appRefusals(action: AppAction, facts: AppFactsForRules, viewer: Viewer): Reason[] {
  const rule: { description: string; who: readonly Actor[]; guards: readonly AppGuard[] } = APP_ACTIONS[action];
  const actor = actorFor(viewer, facts.partnerId);
  if (!actor || !rule.who.includes(actor)) {
    return [{ code: 'FORBIDDEN', message: `Only ${rule.who.map((w) => w.toLowerCase()).join(' or ')}s may ${rule.description.toLowerCase()}` }];
  }
  return rule.guards.map((guard) => guard(facts, viewer)).filter((reason): reason is Reason => reason !== null);
}

// ─── Transitions nobody asks for ───────────────────────────────────────────

/**
 * Status changes the marketplace makes on its own, on a schedule: no viewer may take them, so
 * they have no capability. domain/expiry.ts applies them.
 */
export const SYSTEM_TRANSITIONS = {
  expire: {
    description: "An approved version not released within the policy's approval expiry (days since its approval) expires",
    from: ['APPROVED'],
    to: 'EXPIRED',
  },
} as const satisfies Record<string, { description: string; from: readonly VersionStatus[]; to: VersionStatus }>;

// ─── Listing rounds ────────────────────────────────────────────────────────

/** The facts a listing round's guards read. */
export interface ListingChangeFacts {
  status: ListingChangeStatus;
  assigneeId: string | null;
  app: { partnerId: string; deletedAt: Date | null };
}

type ListingChangeGuard = (facts: ListingChangeFacts, viewer: Viewer) => Reason | null;

const listingAppNotDeleted: ListingChangeGuard = (f) => (f.app.deletedAt ? { code: 'APP_DELETED', message: 'The app has been deleted' } : null);

const listingClaimedByViewer: ListingChangeGuard = (f, viewer) => {
  if (!f.assigneeId) return { code: 'NOT_CLAIMED', message: 'Claim the listing change before deciding on it' };
  if (viewer.kind !== 'user' || f.assigneeId !== viewer.id) return { code: 'CLAIMED_BY_ANOTHER', message: 'Another reviewer is assigned to this listing change' };
  return null;
};

const listingNotClaimed: ListingChangeGuard = (f, viewer) => {
  if (!f.assigneeId) return null;
  return viewer.kind === 'user' && f.assigneeId === viewer.id
    ? { code: 'ALREADY_CLAIMED', message: 'You already claimed this listing change' }
    : { code: 'CLAIMED_BY_ANOTHER', message: 'Another reviewer has claimed this listing change' };
};

/**
 * A listing round: when the policy asks for review of live edits, an edit of a live app's listing
 * waits as a PENDING listing change (the catalog keeps serving the live listing) until staff
 * approve it (it is applied), send it back with a comment, or decline it.
 */
export const LISTING_CHANGE_ACTIONS = {
  claim: {
    description: 'Take the listing change from the queue',
    from: ['PENDING'],
    to: null,
    who: STAFF,
    guards: [listingAppNotDeleted, listingNotClaimed],
  },
  approve: {
    description: 'Approve the listing change: it is applied to the live listing',
    from: ['PENDING'],
    to: 'APPROVED',
    who: STAFF,
    guards: [listingAppNotDeleted, listingClaimedByViewer],
  },
  sendBack: {
    description: 'Send the listing change back with a comment; the live listing stays',
    from: ['PENDING'],
    to: 'SENT_BACK',
    who: STAFF,
    guards: [listingClaimedByViewer],
  },
  decline: {
    description: 'Decline the listing change; the live listing stays',
    from: ['PENDING'],
    to: 'DECLINED',
    who: STAFF,
    guards: [listingClaimedByViewer],
  },
} as const satisfies Record<
  string,
  { description: string; from: readonly ListingChangeStatus[]; to: ListingChangeStatus | null; who: readonly Actor[]; guards: readonly ListingChangeGuard[] }
>;

export type ListingChangeAction = keyof typeof LISTING_CHANGE_ACTIONS;

/** Every reason the viewer may not take a listing round action now; empty when it may. */
export function listingChangeRefusals(action: ListingChangeAction, facts: ListingChangeFacts, viewer: Viewer): Reason[] {
  const rule: { description: string; from: readonly ListingChangeStatus[]; who: readonly Actor[]; guards: readonly ListingChangeGuard[] } =
    LISTING_CHANGE_ACTIONS[action];
  const actor = actorFor(viewer, facts.app.partnerId);
  if (!actor || !rule.who.includes(actor)) {
    return [{ code: 'FORBIDDEN', message: `Only ${rule.who.map((w) => w.toLowerCase()).join(' or ')}s may ${rule.description.toLowerCase()}` }];
  }
  if (!rule.from.includes(facts.status)) {
    return [{ code: 'WRONG_STATUS', message: `The listing change is already ${facts.status.toLowerCase().replace('_', ' ')}` }];
  }
  return rule.guards.map((guard) => guard(facts, viewer)).filter((reason): reason is Reason => reason !== null);
}
