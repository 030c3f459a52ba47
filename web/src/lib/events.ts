import { label } from './labels.js';
import { listingFieldLabel, manifestFieldLabel, policyFieldLabel, policyValue, tr } from './fields.js';

type Payload = Record<string, unknown> | null | undefined;

const asObject = (value: unknown): Payload =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** The `{ old, new }` pair a payload field carries when a value changed. */
function change(payload: Payload, key: string): { old: unknown; new: unknown } | null {
  const value = asObject(payload?.[key]);
  return value && ('new' in value || 'old' in value) ? { old: value.old, new: value.new } : null;
}

/** The payload's keys that carry an `{ old, new }` change. */
const changedKeys = (payload: Payload): string[] => Object.keys(payload ?? {}).filter((key) => change(payload, key));

const ev = (key: string, options?: Record<string, unknown>) => tr(`review:events.${key}`, options);

/** `what: A, B` when there are fields to name, else `what`. */
const withFields = (what: string, fields: string[]) => (fields.length ? ev('withFields', { what, fields: fields.join(', ') }) : what);
const withQuote = (what: string, text: unknown) => (typeof text === 'string' && text.trim() ? ev('withQuote', { what, text: text.trim() }) : what);
const withText = (what: string, text: unknown) => (typeof text === 'string' && text.trim() ? ev('withText', { what, text: text.trim() }) : what);

/** Event types that read the same whatever they carry (bar a thread's title, a status change, a note). */
const FIXED: Record<string, string> = {
  'app.created': 'app.created',
  'app.deleted': 'app.deleted',
  'app.consultation_requested': 'app.consultation_requested',
  'app.consultation_claimed': 'app.consultation_claimed',
  'app.listing_change_claimed': 'app.listing_change_claimed',
  'version.claimed': 'version.claimed',
  'version.approved': 'version.approved',
  'version.rejected': 'version.rejected',
  'version.changes_requested': 'version.changes_requested',
  'version.withdrawn': 'version.withdrawn',
  'version.released': 'version.released',
  'version.superseded': 'version.superseded',
  'version.note_added': 'version.note_added',
  'version.expired': 'version.expired',
  'thread.opened': 'thread.opened',
  'thread.comment_posted': 'thread.comment_posted',
  'thread.addressed': 'thread.addressed',
  'thread.resolved': 'thread.resolved',
  'installation.connected': 'installation.connected',
  'installation.disconnected': 'installation.disconnected',
  'installation.permissions_changed': 'installation.permissions_changed',
  'partner.webhook_endpoint_set': 'partner.webhook_endpoint_set',
  'partner.invitation_cancelled': 'partner.invitation_cancelled',
  'partner.member_invited': 'partner.member_invited',
  'partner.member_joined': 'partner.member_joined',
  'partner.member_role_changed': 'partner.member_role_changed',
  'account.api_key_created': 'account.api_key_created',
  'account.api_key_revoked': 'account.api_key_revoked',
};

/**
 * One history event in words, without the actor (the list shows who), in the current language:
 * `sent to moderation, round 1 (Draft → Submitted)`, `answered the checklist item “Test account”`,
 * `edited the listing: Name (ru), Price`, `changed the marketplace policy: Target review time: 24 h → 48 h`.
 */
export function describeEvent(type: string, rawPayload: unknown, itemLabels: Readonly<Record<string, string>> = {}): string {
  const payload = asObject(rawPayload);
  // A checklist item as people read it: the label the event carries, else the one the page knows, else the key.
  const item = (key: unknown) =>
    typeof payload?.label === 'string' && payload.key === key ? payload.label : (itemLabels[String(key)] ?? String(key));
  const status = change(payload, 'status');
  const withStatus = (what: string) =>
    status ? ev('withStatus', { what, from: label('status', String(status.old ?? '')), to: label('status', String(status.new ?? '')) }) : what;
  switch (type) {
    case 'version.created':
      return ev('version.created', { version: String(payload?.version ?? '') }).trim();
    case 'version.submitted':
      return withStatus(payload?.round ? ev('version.submittedRound', { round: String(payload.round) }) : ev('version.submitted'));
    case 'version.updated': {
      // The API records the names of the changed fields (`changed`); older events carry `{ old, new }` pairs.
      const changed = Array.isArray(payload?.changed) ? payload.changed.map(String) : changedKeys(payload);
      return withFields(ev('version.updated'), changed.map(manifestFieldLabel));
    }
    case 'checklist.answered': {
      // One item per event from the API (`key`, `answer`); a list of `keys` in older events.
      if (typeof payload?.key === 'string') {
        return ev(change(payload, 'answer')?.new == null ? 'checklist.cleared' : 'checklist.answered', { item: item(payload.key) });
      }
      const keys = Array.isArray(payload?.keys) ? payload.keys : [];
      return keys.length === 1 ? ev('checklist.answered', { item: item(keys[0]) }) : ev('checklist.answeredMany', { count: keys.length });
    }
    case 'checklist.verdict_set': {
      const single = typeof payload?.key === 'string' ? change(payload, 'verdict') : null;
      const verdicts = single ? { [String(payload?.key)]: single } : asObject(payload?.verdicts);
      if (!verdicts) return ev('checklist.verdictsNone');
      const parts = Object.entries(verdicts).map(([key, value]) =>
        ev('checklist.verdictItem', { item: item(key), verdict: label('verdict', String(asObject(value)?.new ?? '')) }),
      );
      return ev('checklist.verdicts', { verdicts: parts.join(', ') });
    }
    case 'version.checklist_rebuilt':
      return ev(payload?.templateChanged ? 'version.checklist_template_changed' : 'version.checklist_rebuilt');
    case 'section_request.opened':
    case 'section_request.accepted':
    case 'section_request.declined':
    case 'section.created':
    case 'section.renamed':
    case 'section.retired': {
      // The section (or the one asked for) by name, and the admin's reason when declined.
      const what = payload?.sectionKey ?? payload?.key ?? payload?.name;
      let text = ev(type);
      if (typeof what === 'string') text = ev('named', { what: text, name: what });
      if (type === 'section.retired' && payload?.movedTo) text = ev('movedTo', { what: text, section: String(payload.movedTo) });
      return type === 'section_request.declined' ? withQuote(text, payload?.reason) : text;
    }
    case 'checklist.template_updated':
      return typeof payload?.section === 'string'
        ? ev('checklist.template_updated', { section: payload.section })
        : ev('checklist.template_updated_default');
    case 'version.assigned':
      // A resubmission goes back to the reviewer who sent it back, by the system.
      return withStatus(ev(payload?.automatic === true ? 'version.assigned_automatic' : 'version.assigned'));
    case 'app.listing_updated':
      // The API nests the changed fields under `changes`; older events carry them at the top.
      return withFields(ev('app.listing_updated'), changedKeys(asObject(payload?.changes) ?? payload).map(listingFieldLabel));
    case 'app.partner_state_changed':
      return ev(change(payload, 'partnerDisabled')?.new === true ? 'app.partner_disabled' : 'app.partner_enabled');
    case 'app.platform_disabled_changed':
      return change(payload, 'platformDisabled')?.new === false ? ev('app.reinstated') : withText(ev('app.suspended'), payload?.reason ?? payload?.why);
    case 'app.consultation_decided': {
      const outcome = change(payload, 'consultation')?.new;
      return withText(ev(outcome === 'DECLINED' ? 'app.consultation_declined' : 'app.consultation_approved'), payload?.note);
    }
    case 'policy.updated': {
      // Each setting with its old and new value: "Target review time: 24 h → 48 h".
      const changes = asObject(payload?.changes);
      const parts = changedKeys(changes).map((field) => {
        const pair = change(changes, field);
        return ev('change', { field: policyFieldLabel(field), old: policyValue(field, pair?.old), new: policyValue(field, pair?.new) });
      });
      return parts.length ? ev('withFields', { what: ev('policy.updated'), fields: parts.join('; ') }) : ev('policy.updated');
    }
    case 'staff.created':
      return ev('staff.created', { email: String(payload?.email ?? ''), role: staffRole(payload?.role) });
    case 'staff.role_changed':
      return ev('staff.role_changed', { role: staffRole(change(payload, 'role')?.new) });
    case 'user.disabled_changed':
      return ev(change(payload, 'disabled')?.new === true ? 'user.disabled' : 'user.enabled');
    case 'partner.member_removed':
      return ev(payload?.left === true ? 'partner.member_left' : 'partner.member_removed');
    case 'app.listing_change_submitted':
      return withFields(ev('app.listing_change_submitted'), changedKeys(asObject(payload?.changes)).map(listingFieldLabel));
    case 'app.listing_change_decided': {
      const outcome = String(change(payload, 'status')?.new ?? '');
      const verb = outcome === 'APPROVED' ? 'app.listing_change_approved' : outcome === 'SENT_BACK' ? 'app.listing_change_sent_back' : 'app.listing_change_declined';
      return withQuote(ev(verb), payload?.note);
    }
    default: {
      const fixed = FIXED[type];
      if (!fixed) {
        const [, verb = type] = type.split('.');
        return withStatus(withQuote(verb.replaceAll('_', ' '), payload?.title));
      }
      // What the reviewer wrote for the partner: the summary of a change request, a rejection's reason.
      const words = type === 'version.changes_requested' ? payload?.summary : type === 'version.rejected' ? payload?.reason : null;
      return withQuote(withStatus(withQuote(ev(fixed), payload?.title)), words);
    }
  }
}

const staffRole = (role: unknown) => {
  const key = `review:events.role.${String(role ?? '')}`;
  return tr(key, { defaultValue: String(role ?? '').toLowerCase() });
};

/**
 * The whole sentence, with who did it: "Ivan Orlov approved the version" (in Russian, "Иван Орлов:
 * версия одобрена", since a past-tense verb there would need the actor's gender). No actor: the marketplace.
 */
export function eventSentence(actorName: string | null | undefined, type: string, payload: unknown, itemLabels?: Readonly<Record<string, string>>): string {
  return ev('sentence', { actor: actorName ?? ev('system'), what: describeEvent(type, payload, itemLabels) });
}
