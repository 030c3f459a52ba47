import { APP_ACTIONS, LISTING_CHANGE_ACTIONS, SYSTEM_TRANSITIONS, THREAD_ACTIONS, VERSION_ACTIONS } from './lifecycle.js';

const who = (actors: readonly string[]) => actors.map((a) => a.toLowerCase()).join(', ');
const guards = (list: readonly { name: string }[]) => list.map((g) => g.name).join(', ') || '—';

/** The lifecycle tables as Markdown, for the README; generated from the same data the API applies. */
export function lifecycleMarkdown(): string {
  const lines = [
    '### Version actions',
    '',
    '| action | from | to | who | guards |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(VERSION_ACTIONS).map(
      ([action, rule]) =>
        `| \`${action}\` — ${rule.description} | ${rule.from.join(', ')} | ${rule.to ?? '(unchanged)'} | ${who(rule.who)} | ${guards(rule.guards)} |`,
    ),
    '',
    'A resubmission (`submit` from CHANGES_REQUESTED) goes straight back to the reviewer who sent the version back: IN_REVIEW, ' +
      'still assigned to them (a `version.assigned` event by the system), unless they are no longer staff.',
    '',
    '### Transitions the marketplace makes on its own',
    '',
    '| transition | from | to |',
    '| --- | --- | --- |',
    ...Object.entries(SYSTEM_TRANSITIONS).map(([name, rule]) => `| \`${name}\` — ${rule.description} | ${rule.from.join(', ')} | ${rule.to} |`),
    '',
    '### App actions',
    '',
    '| action | who | guards |',
    '| --- | --- | --- |',
    ...Object.entries(APP_ACTIONS).map(([action, rule]) => `| \`${action}\` — ${rule.description} | ${who(rule.who)} | ${guards(rule.guards)} |`),
    '',
    '### Listing round actions',
    '',
    'When the policy sets `listingEditsNeedReview`, an edit of a live app\'s listing waits as a PENDING listing change.',
    '',
    '| action | from | to | who | guards |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(LISTING_CHANGE_ACTIONS).map(
      ([action, rule]) =>
        `| \`${action}\` — ${rule.description} | ${rule.from.join(', ')} | ${rule.to ?? '(unchanged)'} | ${who(rule.who)} | ${guards(rule.guards)} |`,
    ),
    '',
    '### Thread actions',
    '',
    '| action | who | while |',
    '| --- | --- | --- |',
    ...Object.entries(THREAD_ACTIONS).map(
      ([action, rule]) => `| \`${action}\` — ${rule.description} | ${who(rule.who)} | ${rule.whileOpen ? 'the thread is OPEN' : 'any'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
