import { ValidationError } from './errors.js';

/** The most problems one refusal lists; the rest are counted in one last problem. */
export const MAX_PROBLEMS = 20;

/** At most {@link MAX_PROBLEMS} problems, then one saying how many more there were. */
export function capProblems<P extends { field: string; message: string }>(problems: P[]): { field: string; message: string }[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), { field: '', message: `and ${problems.length - MAX_PROBLEMS} more problems` }];
}

/** Collects field problems and throws them together, so a client sees every one at once. */
export class Problems {
  private readonly list: { field: string; message: string }[] = [];

  add(field: string, message: string) {
    this.list.push({ field, message });
  }

  check(ok: boolean, field: string, message: string) {
    if (!ok) this.add(field, message);
  }

  /** @throws ValidationError when anything was added. */
  throwIfAny() {
    if (this.list.length) throw new ValidationError(capProblems(this.list));
  }
}

/** An absolute http or https URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

/** `1.2`, `1.2.3`, `2.0.0-beta.1`: dotted numbers with an optional pre-release or build tag. */
export const VERSION_STRING = /^\d{1,6}(\.\d{1,6}){1,3}([-+][0-9A-Za-z.-]{1,40})?$/;

/** Latin letters, digits, '-' and '_'. */
export const APP_CODE = /^[A-Za-z0-9_-]+$/;
