import i18n from '../i18n/index.js';
import { failureSentence, reasonSentence, type TransportErrorLike, typedErrorMessage } from './errors.js';

/** A reason the API gives for refusing an action, as capability fields and errors carry it. */
export interface ReasonLike {
  code?: string;
  message: string;
  missing?: readonly MissingLike[] | null;
}

/** One thing to fill before submission (`listing.name.ru`, `checklist.test-account`, …). */
export interface MissingLike {
  field: string;
  message: string;
}

/** A capability field: `viewerCan { submit { allowed reasons { … } } }`. */
export interface CapabilityLike {
  allowed: boolean;
  reasons: readonly ReasonLike[];
}

/** Why an action is not possible, one line per reason; empty when it is allowed. */
export function refusalMessages(capability: CapabilityLike | null | undefined): string[] {
  if (!capability) return [i18n.t('capability.notAvailable')];
  if (capability.allowed) return [];
  const messages = capability.reasons.map(reasonSentence);
  return messages.length ? [...new Set(messages)] : [i18n.t('capability.notAvailableNow')];
}

/** Every missing item named by the reasons, without duplicates, in the API's order. */
export function missingItems(capability: CapabilityLike | null | undefined): MissingLike[] {
  const seen = new Set<string>();
  const items: MissingLike[] = [];
  for (const reason of capability?.reasons ?? []) {
    for (const item of reason.missing ?? []) {
      if (seen.has(item.field)) continue;
      seen.add(item.field);
      items.push(item);
    }
  }
  return items;
}

const AREAS = ['listing', 'manifest', 'checklist'] as const;

/** Missing items grouped by the part of the app they belong to (the first segment of the path). */
export function groupMissing(items: readonly MissingLike[]): { area: string; items: MissingLike[] }[] {
  const groups = new Map<string, MissingLike[]>();
  for (const item of items) {
    const head = item.field.split('.')[0] ?? '';
    const area = i18n.t(`missingArea.${(AREAS as readonly string[]).includes(head) ? (head as (typeof AREAS)[number]) : 'other'}`);
    groups.set(area, [...(groups.get(area) ?? []), item]);
  }
  return [...groups].map(([area, list]) => ({ area, items: list }));
}

/** A mutation's typed result as the dashboard selects it: every error kind, or the success. */
export interface MutationResultLike<T> {
  __typename?: string;
  message?: string;
  reasons?: readonly ReasonLike[];
  missing?: readonly MissingLike[];
  problems?: readonly MissingLike[];
  retryAfterSeconds?: number;
  appCount?: number;
  data?: T;
}

/** What a mutation came to: its data, or a message with the details to list and field problems. */
export type Outcome<T> =
  | { ok: true; data: T }
  | { ok: false; message: string; details: string[]; problems: Record<string, string[]> };

/**
 * Reads a mutation result union: the `Mutation…Success` carries `data`; every error implements
 * `Error`, is told by its kind (lib/errors.ts), and may add reasons, missing items or field
 * problems as details. No typed result at all is a transport failure, told the same way.
 */
export function interpretResult<T>(result: MutationResultLike<T> | null | undefined, transportError?: TransportErrorLike): Outcome<T> {
  if (!result) {
    const message = transportError ? failureSentence(transportError) : i18n.t('capability.serverDidNotAnswer');
    return { ok: false, message, details: [], problems: {} };
  }
  if (result.data !== undefined && result.data !== null) return { ok: true, data: result.data };
  const message = typedErrorMessage(result);
  const details: string[] = [];
  const add = (line: string) => {
    if (line !== message && !details.includes(line)) details.push(line);
  };
  for (const reason of result.reasons ?? []) add(reasonSentence(reason));
  for (const item of [...(result.missing ?? []), ...(result.reasons ?? []).flatMap((reason) => reason.missing ?? [])]) add(item.message);
  const problems: Record<string, string[]> = {};
  for (const problem of result.problems ?? []) {
    problems[problem.field] = [...(problems[problem.field] ?? []), problem.message];
    add(problem.message);
  }
  return { ok: false, message, details, problems };
}
