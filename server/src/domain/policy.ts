import type { Context } from '../context.js';
import type { Tx } from '../db/client.js';

/** The marketplace policy row (a migration creates it). */
export function readPolicy(db: Tx) {
  return db.policy.findUniqueOrThrow({ where: { id: 1 }, select: { requiredLocales: true, consultationEnabled: true, currencies: true } });
}

/** The marketplace policy, read once per request. */
export function loadPolicy(ctx: Pick<Context, 'prisma' | 'cache'>) {
  ctx.cache.policy ??= readPolicy(ctx.prisma);
  return ctx.cache.policy;
}

/** Picks the text of `locale`, or of the first required locale, or any. */
export function pickLocale<T extends { locale: string }>(texts: T[], locale: string | null | undefined, fallback: string) {
  return texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === fallback) ?? texts[0] ?? null;
}
