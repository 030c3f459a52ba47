import type { ConsultationStatus, Prisma, VersionStatus } from '../generated/prisma/client.js';

export type StateFlag = 'PENDING' | 'ONLINE' | 'DISABLED';
export type AppStage = 'CREATED' | 'CONSULTATION' | 'DEVELOPMENT' | 'IN_REVIEW' | 'PUBLISHED' | 'DECLINED';

/** The facts both states, availability and the stage are derived from. */
export interface AppFacts {
  consultation: ConsultationStatus;
  partnerDisabled: boolean;
  platformDisabled: boolean;
  deletedAt: Date | null;
  versions: { status: VersionStatus }[];
}

/** The select that loads {@link AppFacts}; use it wherever states are shown. */
export const appFactsSelect = {
  consultation: true,
  partnerDisabled: true,
  platformDisabled: true,
  deletedAt: true,
  versions: { select: { status: true } },
} satisfies Prisma.AppSelect;

const AWAITING_REVIEW: VersionStatus[] = ['SUBMITTED', 'IN_REVIEW'];
/** A version still being worked on by the partner, not yet submitted. */
const UNSUBMITTED: VersionStatus[] = ['DRAFT', 'CHANGES_REQUESTED'];

/** The partner's state: ONLINE when it wants the app listed, PENDING with an unsubmitted draft, DISABLED when switched off. */
export function partnerState(app: AppFacts): StateFlag[] {
  const flags: StateFlag[] = [];
  if (app.partnerDisabled) flags.push('DISABLED');
  else flags.push('ONLINE');
  if (app.versions.some((v) => UNSUBMITTED.includes(v.status))) flags.push('PENDING');
  return flags;
}

/** The platform's state: ONLINE with a LIVE version, PENDING while one awaits review, DISABLED when staff suspended it. */
export function platformState(app: AppFacts): StateFlag[] {
  const flags: StateFlag[] = [];
  if (app.versions.some((v) => v.status === 'LIVE')) flags.push('ONLINE');
  if (app.versions.some((v) => AWAITING_REVIEW.includes(v.status))) flags.push('PENDING');
  if (app.platformDisabled) flags.push('DISABLED');
  return flags;
}

/** Listed in the catalog and installable: both states ONLINE, neither DISABLED. */
export function isAvailable(app: AppFacts): boolean {
  if (app.deletedAt) return false;
  const partner = partnerState(app);
  const platform = platformState(app);
  return (
    partner.includes('ONLINE') && platform.includes('ONLINE') && !partner.includes('DISABLED') && !platform.includes('DISABLED')
  );
}

/** {@link isAvailable} as a database filter, for the catalog; the two must agree (tested). */
export const availableWhere = {
  deletedAt: null,
  partnerDisabled: false,
  platformDisabled: false,
  versions: { some: { status: 'LIVE' } },
} satisfies Prisma.AppWhereInput;

/** The onboarding stage, derived from the consultation outcome and the versions' states. */
export function appStage(app: AppFacts): AppStage {
  const statuses = app.versions.map((v) => v.status);
  if (statuses.some((s) => s === 'LIVE' || s === 'SUPERSEDED')) return 'PUBLISHED';
  if (app.consultation === 'DECLINED') return 'DECLINED';
  // Approved but not yet released still waits on the first publication.
  if (statuses.some((s) => AWAITING_REVIEW.includes(s) || s === 'APPROVED')) return 'IN_REVIEW';
  if (app.consultation === 'APPROVED' || app.consultation === 'NOT_REQUIRED' || statuses.length > 0) return 'DEVELOPMENT';
  if (app.consultation === 'REQUESTED') return 'CONSULTATION';
  return 'CREATED';
}
