/** Every kind of change the event log records. */
export const EVENT_TYPES = [
  'app.created',
  'app.listing_updated',
  'app.consultation_requested',
  'app.consultation_claimed',
  'app.consultation_decided',
  'app.partner_state_changed',
  'app.platform_disabled_changed',
  'app.deleted',
  'version.created',
  'version.updated',
  'version.submitted',
  'version.withdrawn',
  'version.checklist_rebuilt',
  'version.claimed',
  'version.assigned',
  'version.changes_requested',
  'version.approved',
  'version.rejected',
  'version.released',
  'version.superseded',
  'version.note_added',
  'checklist.answered',
  'checklist.verdict_set',
  'thread.opened',
  'thread.comment_posted',
  'thread.addressed',
  'thread.resolved',
  'installation.connected',
  'installation.disconnected',
  'installation.permissions_changed',
  'partner.webhook_endpoint_set',
  'account.api_key_revoked',
  'account.api_key_created',
  'partner.member_invited',
  'partner.member_joined',
  'partner.member_role_changed',
  'partner.member_removed',
  'section.created',
  'section.renamed',
  'section.retired',
  'section_request.opened',
  'section_request.accepted',
  'section_request.declined',
  'checklist.template_updated',
  'partner.invitation_cancelled',
  'policy.updated',
  'staff.created',
  'staff.role_changed',
  'user.disabled_changed',
  'app.listing_change_submitted',
  'app.listing_change_claimed',
  'app.listing_change_decided',
  'version.expired',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A value that changed. */
export interface Change<T = Json> {
  old: T | null;
  new: T | null;
}
interface VersionStatusChange {
  version: string;
  status: Change<string>;
}

/**
 * The payload of each event type: the one format the API's history and subscriptions carry, for
 * every writer (mutations and the demo seed alike).
 */
export interface EventPayloads {
  'app.created': { code: string; consultation: string };
  'app.listing_updated': { changes: Record<string, Change> };
  'app.consultation_requested': { consultation: Change<string> };
  'app.consultation_claimed': { assigneeId: Change<string> };
  'app.consultation_decided': { consultation: Change<string>; note: string | null };
  'app.partner_state_changed': { partnerDisabled: Change<boolean> };
  'app.platform_disabled_changed': { platformDisabled: Change<boolean>; reason: string | null };
  'app.deleted': { code: string };
  'version.created': VersionStatusChange;
  'version.updated': { version: string; changed: string[] };
  'version.submitted': VersionStatusChange & { round: number; autoRelease: boolean };
  /** `appDeleted`: withdrawn because its app was deleted. */
  'version.withdrawn': VersionStatusChange & { appDeleted?: boolean };
  /**
   * The draft's checklist now follows its template: the app moved to another section, or
   * (`templateChanged`) an admin edited the template of the app's section.
   */
  'version.checklist_rebuilt': { version: string; section: Change<string>; added: string[]; removed: string[]; templateChanged?: boolean };
  'version.claimed': VersionStatusChange & { assigneeId: string | null };
  /** `automatic`: a resubmission went back to the reviewer who sent it back (no actor). */
  'version.assigned': VersionStatusChange & { assigneeId: Change<string>; automatic?: boolean };
  'version.changes_requested': VersionStatusChange & { summary: string | null; failedItems: string[]; openThreads: string[] };
  'version.approved': VersionStatusChange;
  'version.rejected': VersionStatusChange & { reason: string };
  'version.released': VersionStatusChange & { automatic: boolean; supersedes: string | null };
  'version.superseded': VersionStatusChange & { by: string };
  /** Staff only (`partnerId` null): a private note on the version; the text stays in the note. */
  'version.note_added': { noteId: string };
  /** `label`: the item as people read it (older events carry only the key). */
  'checklist.answered': { key: string; label?: string; answer: Change<string> };
  'checklist.verdict_set': { key: string; label?: string; verdict: Change<string>; comment: string | null };
  'thread.opened': { threadId: string; title: string; anchor: string; anchorKey: string | null; blocking: boolean };
  'thread.comment_posted': { threadId: string; commentId: string };
  'thread.addressed': { threadId: string };
  'thread.resolved': { threadId: string; status: Change<string> };
  'installation.connected': { installationId: string; accountId: string; grantedScopes: string[] };
  'installation.disconnected': { installationId: string; accountId: string };
  /** A release narrowed the grants or asked for consent (`VERSION_RELEASED`), or the account consented (`CONSENT_GRANTED`). */
  'installation.permissions_changed': {
    installationId: string;
    accountId: string;
    cause: 'VERSION_RELEASED' | 'CONSENT_GRANTED';
    grantedScopes: Change<string[]>;
    pendingScopes: Change<string[]>;
  };
  /** An owner set where the partner's webhooks go (also how every instance learns that webhooks are in use). */
  'partner.webhook_endpoint_set': { url: Change<string> };
  /**
   * An account revoked a key it had created for a module. Not a private type on purpose: it moves
   * the response cache's generation, which drops every instance's cached keys (cache/api-keys.ts).
   */
  'account.api_key_revoked': { accountId: string; keyId: string; name: string };
  /** Account-private (no partner): the key's permissions, never its secret. */
  'account.api_key_created': { accountId: string; keyId: string; name: string; scopes: string[] };
  /** An owner invited an e-mail address to the team (the link's secret is never recorded). */
  'partner.member_invited': { invitationId: string; email: string; role: string; expiresAt: string };
  /** Someone accepted an invitation: by signing up (`signedUp`) or signed in as an existing user. */
  'partner.member_joined': { invitationId: string; userId: string; email: string; role: string; signedUp: boolean };
  'partner.member_role_changed': { userId: string; role: Change<string> };
  /** An owner removed a member, or a member left (`left`); their access ends at the next request or event. */
  'partner.member_removed': { userId: string; role: string; left: boolean };
  // Marketplace administration (domain/sections.ts): staff-only unless a partner's request is involved.
  'section.created': { key: string; names: Record<string, string>; requestId: string | null };
  'section.renamed': { key: string; names: Change<Record<string, string>> };
  /** Retired: gone from the catalog and the choices; its apps (`movedApps`) went to `movedTo`. */
  'section.retired': { key: string; movedTo: string | null; movedApps: number };
  /** A partner asked for a new section; the partner's members read these three. */
  'section_request.opened': { requestId: string; name: string; reason: string };
  'section_request.accepted': { requestId: string; name: string; sectionKey: string; appMoved: boolean; note: string | null };
  'section_request.declined': { requestId: string; name: string; reason: string };
  /** An admin replaced a template's items (`section` null: the default template); `rebuilt` drafts followed. */
  'checklist.template_updated': { template: string; section: string | null; items: Change<string[]>; rebuilt: number };
  /** An owner cancelled a pending invitation: its link admits no one any more. */
  'partner.invitation_cancelled': { invitationId: string; email: string };
  /** An admin changed the marketplace policy: each changed setting, old and new. */
  'policy.updated': { changes: Record<string, Change> };
  /** An admin made a staff account (`invited`: it signs up through a link; else it was given a password). */
  'staff.created': { userId: string; email: string; role: string; invited: boolean };
  'staff.role_changed': { userId: string; role: Change<string> };
  /** An admin disabled a user (their sessions ended) or enabled them again. */
  'user.disabled_changed': { userId: string; disabled: Change<boolean> };
  /**
   * A live app's listing edit waits for staff (the policy asks for review of live edits): a new
   * listing round, or a further edit merged into the pending one (`merged`).
   */
  'app.listing_change_submitted': { listingChangeId: string; changes: Record<string, Change>; merged: boolean };
  'app.listing_change_claimed': { listingChangeId: string; assigneeId: Change<string> };
  /** Staff approved (the edit is applied, with its own `app.listing_updated`), sent back or declined a listing round. */
  'app.listing_change_decided': { listingChangeId: string; status: Change<string>; note: string | null };
  /** An approved version was not released within the policy's days: it expired, freeing the app's next version. */
  'version.expired': VersionStatusChange & { approvedAt: string | null; days: number };
}
