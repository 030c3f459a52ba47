import type { RoundSnapshot } from './snapshot.js';

/** One difference between two review rounds' snapshots. */
export interface SnapshotChange {
  /** A path such as `listing.texts.ru.description`, `manifest.scopes.orders.read`, `checklist.test-account`. */
  path: string;
  old: unknown;
  new: unknown;
}

type Flat = Map<string, unknown>;

/** Flattens a snapshot into comparable leaves, keying lists by their natural key. */
function flatten(snapshot: RoundSnapshot): Flat {
  const flat: Flat = new Map();
  const { listing, manifest, checklist } = snapshot;
  for (const [locale, text] of Object.entries(listing.texts)) {
    for (const [field, value] of Object.entries(text)) flat.set(`listing.texts.${locale}.${field}`, value);
  }
  for (const [field, value] of Object.entries(listing)) {
    if (field !== 'texts') flat.set(`listing.${field}`, value);
  }
  for (const [field, value] of Object.entries(manifest)) {
    if (field !== 'scopes') flat.set(`manifest.${field}`, value);
  }
  for (const scope of manifest.scopes) {
    flat.set(`manifest.scopes.${scope.key}`, { justification: scope.justification, pollingIntervalSeconds: scope.pollingIntervalSeconds });
  }
  for (const item of checklist) flat.set(`checklist.${item.key}`, item.answer);
  return flat;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed from one round's snapshot to the next, so a reviewer re-checks only that. */
export function diffSnapshots(previous: RoundSnapshot, next: RoundSnapshot): SnapshotChange[] {
  const before = flatten(previous);
  const after = flatten(next);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths
    .filter((path) => !same(before.get(path), after.get(path)))
    .map((path) => ({ path, old: before.get(path) ?? null, new: after.get(path) ?? null }));
}
