import type { Context } from '../context.js';

/** The marketplace policy, read once per request. */
export function loadPolicy(ctx: Pick<Context, 'prisma' | 'cache'>) {
  ctx.cache.policy ??= ctx.prisma.policy
    .upsert({ where: { id: 1 }, create: { id: 1 }, update: {} })
    .then(({ requiredLocales, consultationEnabled, currencies }) => ({ requiredLocales, consultationEnabled, currencies }));
  return ctx.cache.policy;
}

/** Picks the text of `locale`, or of the first required locale, or any. */
export function pickLocale<T extends { locale: string }>(texts: T[], locale: string | null | undefined, fallback: string) {
  return texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === fallback) ?? texts[0] ?? null;
}
