import i18n, { currentLocale } from '../i18n/index.js';

/** Formats an amount in minor units (cents) as money, e.g. `1990, 'EUR'` → `€19.90`. */
export function formatMoney(minor: number, currency: string, locale = currentLocale()): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100);
  } catch {
    // An unknown currency code: show the number with the code rather than fail the page.
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** A duration in words for people, coarse on purpose: `45 min`, `3 h 20 min`, `2 d 4 h`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return i18n.t('duration.underAMinute');
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return i18n.t('duration.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest ? i18n.t('duration.hoursMinutes', { hours, minutes: rest }) : i18n.t('duration.hours', { hours });
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? i18n.t('duration.daysHours', { days, hours: restHours }) : i18n.t('duration.days', { days });
}

/** A date and time in the reader's locale, e.g. `21 Nov 2026, 11:31`. */
export function formatDateTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale ?? currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Minor units to what a price input shows: `1990` → `19.90`, `0` → `0`. */
export function minorToInput(minor: number | null | undefined): string {
  if (minor == null) return '';
  return minor % 100 === 0 ? String(minor / 100) : (minor / 100).toFixed(2);
}

/**
 * What a price input holds, in minor units: `19.9` → `1990`, `''` → `null`; `NaN` when it is not
 * an amount with at most two decimals (the server validates the range).
 */
export function inputToMinor(value: string): number | null {
  const text = value.trim().replace(',', '.');
  if (text === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return Number.NaN;
  const [whole = '0', fraction = ''] = text.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** The share a discount takes off, rounded: `(1000, 750)` → `25`. */
export function discountPercent(priceMinor: number, discountedMinor: number): number | null {
  if (priceMinor <= 0 || discountedMinor >= priceMinor || discountedMinor < 0) return null;
  return Math.round((1 - discountedMinor / priceMinor) * 100);
}
