import type { EventType } from '../events/types.js';

/**
 * The events a partner's endpoint receives: every installation change, every status change of its
 * versions, and what reviewers write (threads, comments, verdicts), so a build system can follow a
 * review without a socket.
 */
export const WEBHOOK_EVENT_TYPES = [
  'installation.connected',
  'installation.disconnected',
  'installation.permissions_changed',
  'version.submitted',
  'version.withdrawn',
  'version.claimed',
  'version.assigned',
  'version.changes_requested',
  'version.approved',
  'version.rejected',
  'version.released',
  'version.superseded',
  'checklist.verdict_set',
  'thread.opened',
  'thread.comment_posted',
  'thread.addressed',
  'thread.resolved',
] as const satisfies readonly EventType[];
