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

/** Picks the text of `locale`, or of the first required locale, or any. */
export function pickLocale<T extends { locale: string }>(texts: T[], locale: string | null | undefined, fallback: string) {
  return texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === fallback) ?? texts[0] ?? null;
}
