import { label } from './labels.js';

type Payload = Record<string, unknown> | null | undefined;

const asObject = (value: unknown): Payload =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** The `{ old, new }` pair a payload field carries when a value changed. */
function change(payload: Payload, key: string): { old: unknown; new: unknown } | null {
  const value = asObject(payload?.[key]);
  return value && ('new' in value || 'old' in value) ? { old: value.old, new: value.new } : null;
}

/** `: name.ru, priceMinor`: the payload's keys that carry an `{ old, new }` change. */
function changedKeys(payload: Payload): string {
  const keys = Object.keys(payload ?? {}).filter((key) => change(payload, key));
  return keys.length ? `: ${keys.join(', ')}` : '';
}

const FIXED: Record<string, string> = {
  'app.created': 'created the app',
  'app.deleted': 'deleted the app',
  'app.consultation_requested': 'asked for the consultation',
  'app.consultation_claimed': 'claimed the consultation request',
  'version.claimed': 'claimed the review',
  'version.approved': 'approved the version',
  'version.rejected': 'rejected the version',
  'version.changes_requested': 'requested changes',
  'version.withdrawn': 'withdrew the version',
  'version.checklist_rebuilt': "gave the draft the new section's checklist",
  'version.assigned': 'assigned the review',
  'version.released': 'released the version',
  'version.superseded': 'superseded the version',
  'version.note_added': 'wrote a private note',
  'thread.opened': 'opened a deficiency thread',
  'thread.comment_posted': 'commented on a thread',
  'thread.addressed': 'marked a thread addressed',
  'thread.resolved': 'resolved a thread',
  'installation.connected': 'an account connected the app',
  'installation.disconnected': 'an account disconnected the app',
  'installation.permissions_changed': "an installation's permissions changed",
  'partner.webhook_endpoint_set': 'set the webhook endpoint',
  'section_request.opened': 'asked for a new section',
  'section_request.accepted': 'accepted the section request',
  'section_request.declined': 'declined the section request',
  'section.created': 'created a section',
  'section.renamed': 'renamed a section',
  'section.retired': 'retired a section',
  'checklist.template_updated': 'edited a checklist template',
  'partner.invitation_cancelled': 'cancelled an invitation',
  'app.listing_change_claimed': 'claimed the listing change',
  'version.expired': 'the approval expired: the version was never released',
};

/**
 * One history event in words, without the actor (the list shows who): `sent to moderation, round
 * 1 (Draft → Submitted)`, `answered 3 checklist items`, `edited the listing: name.ru, priceMinor`.
 */
export function describeEvent(type: string, rawPayload: unknown, itemLabels: Readonly<Record<string, string>> = {}): string {
  const payload = asObject(rawPayload);
  // A checklist item as people read it: the label the event carries, else the one the page knows, else the key.
  const item = (key: unknown) =>
    typeof payload?.label === 'string' && payload.key === key ? payload.label : (itemLabels[String(key)] ?? String(key));
  const status = change(payload, 'status');
  const statusText = status ? ` (${label('status', String(status.old ?? ''))} → ${label('status', String(status.new ?? ''))})` : '';
  const title = typeof payload?.title === 'string' ? `: “${payload.title}”` : '';
  switch (type) {
    case 'version.created':
      return `started version ${String(payload?.version ?? '')}`.trim();
    case 'version.submitted':
      return `sent to moderation${payload?.round ? `, round ${String(payload.round)}` : ''}${statusText}`;
    case 'version.updated': {
      // The API records the names of the changed fields (`changed`); older events carry `{ old, new }` pairs.
      const changed = Array.isArray(payload?.changed) ? payload.changed.map(String) : [];
      return changed.length ? `edited the manifest: ${changed.join(', ')}` : `edited the manifest${changedKeys(payload)}`;
    }
    case 'checklist.answered': {
      // One item per event from the API (`key`, `answer`); a list of `keys` in older events.
      if (typeof payload?.key === 'string') {
        return change(payload, 'answer')?.new == null
          ? `cleared the answer to “${item(payload.key)}”`
          : `answered the checklist item “${item(payload.key)}”`;
      }
      const keys = Array.isArray(payload?.keys) ? payload.keys : [];
      return keys.length === 1 ? `answered the checklist item “${item(keys[0])}”` : `answered ${keys.length} checklist items`;
    }
    case 'checklist.verdict_set': {
      const single = typeof payload?.key === 'string' ? change(payload, 'verdict') : null;
      const verdicts = single ? { [String(payload?.key)]: single } : asObject(payload?.verdicts);
      if (!verdicts) return 'gave checklist verdicts';
      const parts = Object.entries(verdicts).map(([key, value]) => `“${item(key)}”: ${label('verdict', String(asObject(value)?.new ?? ''))}`);
      return `gave verdicts (${parts.join(', ')})`;
    }
    case 'version.checklist_rebuilt':
      return payload?.templateChanged ? "gave the draft the section's edited checklist" : "gave the draft the new section's checklist";
    case 'section_request.opened':
    case 'section_request.accepted':
    case 'section_request.declined':
    case 'section.created':
    case 'section.renamed':
    case 'section.retired': {
      // The section (or the one asked for) by name, and the admin's reason when declined.
      const what = payload?.sectionKey ?? payload?.key ?? payload?.name;
      const why = typeof payload?.reason === 'string' && type === 'section_request.declined' ? `: “${payload.reason}”` : '';
      const moved = type === 'section.retired' && payload?.movedTo ? ` (apps moved to ${String(payload.movedTo)})` : '';
      return `${FIXED[type]}${typeof what === 'string' ? ` “${what}”` : ''}${moved}${why}`;
    }
    case 'checklist.template_updated':
      return `edited the ${typeof payload?.section === 'string' ? `“${payload.section}”` : 'default'} checklist template`;
    case 'version.assigned':
      // A resubmission goes back to the reviewer who sent it back, by the system.
      return payload?.automatic === true ? `gave the resubmission back to its reviewer${statusText}` : `assigned the review${statusText}`;
    case 'app.listing_updated':
      // The API nests the changed fields under `changes`; older events carry them at the top.
      return `edited the listing${changedKeys(asObject(payload?.changes) ?? payload)}`;
    case 'app.partner_state_changed':
      return change(payload, 'partnerDisabled')?.new === true ? 'switched the app off' : 'switched the app online';
    case 'app.platform_disabled_changed':
      return change(payload, 'platformDisabled')?.new === false
        ? 'reinstated the app'
        : `suspended the app${typeof (payload?.reason ?? payload?.why) === 'string' ? `: ${String(payload?.reason ?? payload?.why)}` : ''}`;
    case 'app.consultation_decided': {
      const outcome = change(payload, 'consultation')?.new;
      const note = typeof payload?.note === 'string' ? `: ${payload.note}` : '';
      return `${outcome === 'DECLINED' ? 'declined' : 'approved'} the consultation${note}`;
    }
    case 'policy.updated':
      return `changed the marketplace policy${changedKeys(asObject(payload?.changes))}`;
    case 'staff.created':
      return `created the staff account ${String(payload?.email ?? '')} (${String(payload?.role ?? '').toLowerCase()})`;
    case 'staff.role_changed':
      return `made a staff member ${String(change(payload, 'role')?.new ?? '').toLowerCase()}`;
    case 'user.disabled_changed':
      return change(payload, 'disabled')?.new === true ? 'disabled a user (their sessions ended)' : 'enabled a user again';
    case 'app.listing_change_submitted':
      return `sent a listing change for review${changedKeys(asObject(payload?.changes))}`;
    case 'app.listing_change_decided': {
      const outcome = String(change(payload, 'status')?.new ?? '');
      const note = typeof payload?.note === 'string' ? `: “${payload.note}”` : '';
      const verb = outcome === 'APPROVED' ? 'approved the listing change' : outcome === 'SENT_BACK' ? 'sent the listing change back' : 'declined the listing change';
      return `${verb}${note}`;
    }
    default: {
      // What the reviewer wrote for the partner: the summary of a change request, a rejection's reason.
      const words = type === 'version.changes_requested' ? payload?.summary : type === 'version.rejected' ? payload?.reason : null;
      const note = typeof words === 'string' && words.trim() ? `: “${words.trim()}”` : '';
      const fixed = FIXED[type];
      if (fixed) return `${fixed}${title}${statusText}${note}`;
      const [, verb = type] = type.split('.');
      return `${verb.replaceAll('_', ' ')}${title}${statusText}`;
    }
  }
}
