import type { MissingItem } from './completeness.js';
import type { Reason } from './lifecycle.js';

/** An expected failure the client can act on. The schema turns each subclass into a typed result. */
export class DomainError extends Error {}

/** Input that breaks a rule; `problems` says which field and why. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

/** The object does not exist, or the viewer may not see it (the two are not told apart). */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

export class InvalidCredentialsError extends DomainError {
  override name = 'InvalidCredentialsError';
  constructor() {
    super('The e-mail or password is wrong');
  }
}

/** Too many attempts (log-in): nothing was tried; try again after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  override name = 'RateLimitedError';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s`);
  }
}

/** A lifecycle rule refused the action; `reasons` lists every rule that did. */
export class ActionRefusedError extends DomainError {
  override name = 'ActionRefusedError';
  constructor(readonly reasons: Reason[]) {
    super(reasons.map((r) => r.message).join('; '));
  }
}

/** The viewer's role may not take the action at all. */
export class ForbiddenError extends ActionRefusedError {
  override name = 'ForbiddenError';
}

/** The action does not start from the version's current status. */
export class InvalidStatusError extends ActionRefusedError {
  override name = 'InvalidStatusError';
}

/** Send-to-moderation refused: `missing` lists every item still to fill. */
export class SubmissionIncompleteError extends ActionRefusedError {
  override name = 'SubmissionIncompleteError';
  readonly missing: MissingItem[];
  constructor(reasons: Reason[]) {
    super(reasons);
    this.missing = reasons.flatMap((r) => r.missing ?? []);
  }
}

/** The most specific error for a list of refusal reasons. */
export function refusalError(reasons: Reason[]): ActionRefusedError {
  if (reasons.some((r) => r.code === 'FORBIDDEN')) return new ForbiddenError(reasons);
  if (reasons.some((r) => r.code === 'WRONG_STATUS')) return new InvalidStatusError(reasons);
  if (reasons.some((r) => r.code === 'INCOMPLETE')) return new SubmissionIncompleteError(reasons);
  return new ActionRefusedError(reasons);
}
