/**
 * What the dashboard says when something fails: one map from the API's typed errors (mutation
 * results) and from transport failures (a `CombinedError`) to sentences a person can act on.
 * Nothing here shows the server's raw GraphQL or network text.
 */

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

const EXPLAINED: Record<FailureKind, Omit<Explained, 'kind'>> = {
  offline: {
    title: 'Cannot reach the server',
    message: 'It may be restarting, or your connection is down. The page reconnects by itself; you can also try again in a moment.',
  },
  server: {
    title: 'Something went wrong on the server',
    message: 'Nothing was lost on your side. Try again; if it keeps happening, tell the marketplace team what you were doing.',
  },
  unavailable: {
    title: 'The server is busy or starting',
    message: 'It cannot reach its database right now. Try again in a moment.',
  },
  'signed-out': {
    title: 'Your session has ended',
    message: 'Sign in again to continue; you come back to this page.',
  },
  'not-allowed': {
    title: 'Not allowed',
    message: 'Your account may not see or do this. If you think it should, ask an owner of your partner or the marketplace team.',
  },
  'not-found': {
    title: 'Not found',
    message: 'It does not exist, was deleted, or belongs to someone else.',
  },
  'too-large': {
    title: 'Too much at once',
    message: 'The request was larger than the server accepts. Send less at a time (a shorter text or a smaller file).',
  },
};

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
  return { kind, ...EXPLAINED[kind] };
}

/** One sentence for a transport failure, for inline feedback. */
export function failureSentence(error: TransportErrorLike): string {
  const { title, message } = explainFailure(error);
  return `${title}. ${message}`;
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
  NotFoundError: () => 'This is no longer there, or you may not see it. Reload the page to see what is there now.',
  ForbiddenError: () => 'Your role may not do this.',
  InvalidStatusError: () => 'This cannot be done in its current status; someone may have acted on it meanwhile. Reload the page to see where it stands.',
  SubmissionIncompleteError: () => 'Some items are still missing. Fill them in and try again.',
  ValidationError: () => 'Some fields need a fix.',
  InvalidCredentialsError: () => 'The e-mail or password is wrong.',
  RateLimitedError: (error) =>
    error.retryAfterSeconds != null
      ? `Too many attempts. Wait ${formatWait(error.retryAfterSeconds)} and try again.`
      : 'Too many attempts. Wait a little and try again.',
  SectionNotEmptyError: (error) =>
    error.appCount != null
      ? `${error.appCount === 1 ? '1 app is' : `${error.appCount} apps are`} still in this section. Choose the section they move to, then retire it.`
      : 'Apps are still in this section. Choose the section they move to, then retire it.',
  // Its reasons (the lifecycle's own sentences) follow as details.
  ActionRefusedError: () => 'This is not possible now.',
};

/** The message for a mutation's typed error; an unknown kind falls back to a sentence of our own. */
export function typedErrorMessage(error: TypedErrorLike): string {
  const message = error.__typename ? TYPED_MESSAGES[error.__typename] : undefined;
  return message ? message(error) : 'The action could not be done. Reload the page and try again.';
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s`;
  return `${Math.ceil(seconds / 60)} min`;
}
