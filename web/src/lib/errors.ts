/**
 * What the dashboard says when something fails: one map from the API's typed errors (mutation
 * results) and from transport failures (a `CombinedError`) to sentences a person can act on.
 * Nothing here shows the server's raw GraphQL or network text.
 */

import i18n, { currentLanguage } from '../i18n/index.js';

/** The request-level error codes the server sends in `extensions.code` for a refused session (yoga.ts). */
export const AUTH_ERROR_CODES: ReadonlySet<string> = new Set(['TOKEN_EXPIRED', 'SESSION_ENDED', 'UNAUTHENTICATED']);

/** The part of urql's `CombinedError` read here (kept structural so it is testable without urql). */
export interface TransportErrorLike {
  networkError?: Error | undefined;
  graphQLErrors: readonly { message?: string; extensions?: Record<string, unknown> | undefined }[];
  response?: unknown;
}

/** What kind of failure a request met, which decides the page shown and what happens next. */
export type FailureKind = 'offline' | 'server' | 'signed-out' | 'not-allowed' | 'not-found' | 'too-large' | 'unavailable';

/** A failure told for people: a short title, a sentence, and what happens next (or what to do). */
export interface Explained {
  kind: FailureKind;
  title: string;
  message: string;
}

const CODE_KINDS: Record<string, FailureKind> = {
  FORBIDDEN: 'not-allowed',
  NOT_FOUND: 'not-found',
  PAYLOAD_TOO_LARGE: 'too-large',
  QUERY_LIMIT: 'too-large',
  DATABASE_UNAVAILABLE: 'unavailable',
};

/** The status a proxy answers while the server behind it is down or restarting. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/** Classifies a transport failure (no typed result came back). */
export function failureKind(error: TransportErrorLike): FailureKind {
  if (error.networkError) {
    const status = (error.response as { status?: unknown } | undefined)?.status;
    if (typeof status !== 'number' || GATEWAY_STATUSES.has(status)) return 'offline';
    if (status === 413) return 'too-large';
    return 'server';
  }
  const codes = error.graphQLErrors.map((e) => String(e.extensions?.['code'] ?? ''));
  if (codes.some((code) => AUTH_ERROR_CODES.has(code))) return 'signed-out';
  for (const code of codes) {
    const kind = CODE_KINDS[code];
    if (kind) return kind;
  }
  // Masked errors ("Unexpected error.") and anything unforeseen: the server's fault, not the reader's.
  return 'server';
}

/** A transport failure for people. */
export function explainFailure(error: TransportErrorLike): Explained {
  const kind = failureKind(error);
  return { kind, title: i18n.t(`failure.${kind}.title`), message: i18n.t(`failure.${kind}.message`) };
}

/** One sentence for a transport failure, for inline feedback. */
export function failureSentence(error: TransportErrorLike): string {
  const { title, message } = explainFailure(error);
  return i18n.t('failure.sentence', { title, message });
}

/** A typed error a mutation answered, as the dashboard selects it (`ActionResult_Error`). */
export interface TypedErrorLike {
  __typename?: string | undefined;
  message?: string | undefined;
  retryAfterSeconds?: number | undefined;
  /** SectionNotEmptyError: how many apps are still in the section. */
  appCount?: number | undefined;
}

/**
 * The message for each typed error the API's mutations answer (server/schema.graphql, `implements
 * Error`). The details beside it (reasons, missing items, field problems) come from the result.
 */
const TYPED_MESSAGES: Record<string, (error: TypedErrorLike) => string> = {
  NotFoundError: () => i18n.t('typedError.NotFoundError'),
  ForbiddenError: () => i18n.t('typedError.ForbiddenError'),
  InvalidStatusError: () => i18n.t('typedError.InvalidStatusError'),
  SubmissionIncompleteError: () => i18n.t('typedError.SubmissionIncompleteError'),
  ValidationError: () => i18n.t('typedError.ValidationError'),
  InvalidCredentialsError: () => i18n.t('typedError.InvalidCredentialsError'),
  RateLimitedError: (error) =>
    error.retryAfterSeconds != null
      ? i18n.t('typedError.RateLimitedErrorWait', { wait: formatWait(error.retryAfterSeconds) })
      : i18n.t('typedError.RateLimitedError'),
  SectionNotEmptyError: (error) =>
    error.appCount != null ? i18n.t('typedError.SectionNotEmptyErrorCount', { count: error.appCount }) : i18n.t('typedError.SectionNotEmptyError'),
  // Its reasons (the lifecycle's own sentences) follow as details.
  ActionRefusedError: () => i18n.t('typedError.ActionRefusedError'),
};

/** The message for a mutation's typed error; an unknown kind falls back to a sentence of our own. */
export function typedErrorMessage(error: TypedErrorLike): string {
  const message = error.__typename ? TYPED_MESSAGES[error.__typename] : undefined;
  return message ? message(error) : i18n.t('typedError.unknown');
}

function formatWait(seconds: number): string {
  if (seconds < 60) return i18n.t('duration.seconds', { seconds: Math.max(1, Math.ceil(seconds)) });
  return i18n.t('duration.minutes', { minutes: Math.ceil(seconds / 60) });
}

/** A reason the API gives for refusing an action: its code (`ReasonCode`) and the server's English sentence. */
export interface ReasonTextLike {
  code?: string | undefined;
  message: string;
}

/**
 * A refusal reason in the reader's language. The server's sentence is English and carries the
 * specifics (names, counts), so in another language it follows, in brackets, a sentence of ours
 * for the reason's code; an unknown code leaves the server's sentence alone.
 */
export function reasonSentence(reason: ReasonTextLike): string {
  if (currentLanguage() === 'en' || !reason.code) return reason.message;
  const key = `reason.${reason.code}`;
  if (!i18n.exists(key)) return reason.message;
  return i18n.t('reason.withServerText', { sentence: i18n.t(key as never), message: reason.message });
}
