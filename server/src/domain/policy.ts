import type { Context } from '../context.js';
import type { Tx } from '../db/client.js';

/** The marketplace policy row (a migration creates it), read inside a transaction that must see it as of now. */
export function readPolicy(db: Tx) {
  return db.policy.findUniqueOrThrow({ where: { id: 1 }, select: { requiredLocales: true, consultationEnabled: true, currencies: true } });
}

/** The marketplace policy, from the instance's memory (kept true by the event stream). */
export function loadPolicy(ctx: Pick<Context, 'reference'>) {
  return ctx.reference.policy;
}

/** The localised texts of a listing. */
export interface ListingTexts {
  locale: string;
  name: string;
  description: string;
  installationGuide: string;
}

/**
 * The listing in `locale`, field by field: each text comes from `locale` when it is filled there,
 * else from `fallback` (the first required locale), else from any locale that has it. `locale` of
 * the result is the requested one when it has any text, else the fallback's. Null without texts.
 */
export function localizedListing<T extends ListingTexts>(texts: T[], locale: string | null | undefined, fallback: string): T | null {
  const order = [
    texts.find((t) => t.locale === locale),
    texts.find((t) => t.locale === fallback),
    ...texts,
  ].filter((t): t is T => t !== undefined);
  const primary = order[0];
  if (!primary) return null;
  const pick = (field: 'name' | 'description' | 'installationGuide') => order.find((t) => t[field].trim())?.[field] ?? '';
  return { ...primary, name: pick('name'), description: pick('description'), installationGuide: pick('installationGuide') };
}
