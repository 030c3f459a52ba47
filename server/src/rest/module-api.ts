import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_LIMITS } from '../http-limits.js';
import type { VetlineYoga } from '../yoga.js';

/**
 * The REST-compatible module API, for modules written against the platform's REST conventions:
 *
 * - `GET /api/api-versions` → `{ success: true, account, current, versions: [1, …] }`
 * - `GET /api/credentials` → `{ success: true, account, scopes: [...] }`
 * - `POST /api/integration-modules/{code}/register`, body `{ "account": "<address>" }` (JSON or a
 *   form) → 201 `{ success: true, installation: {...} }`
 *
 * The key goes in `X-API-KEY`. A refusal is `{ success: false, errorMsg, errors?, reasons? }` with
 * 400 (invalid input: `errors` maps each field to its problem), 401 (no or unknown key), 403 (not
 * this key's to do), 404 (no such app or route), 409 (a rule refused: `reasons`), 429 (rate
 * limit). Each route runs the GraphQL field of the same name through Yoga — the same
 * authentication, key cache, rate limits and domain rules, so REST and GraphQL cannot disagree.
 */
export type ModuleRestApi = (req: IncomingMessage, res: ServerResponse, serverContext: { clientAddress?: string | undefined }) => Promise<void>;

/** Whether a request path belongs to the REST-compatible module API. */
export const isModuleApiPath = (path: string) => path === '/api' || path.startsWith('/api/');

const REGISTER = /^\/api\/integration-modules\/([^/]+)\/register$/;

const API_VERSIONS = `query ModuleApi_ApiVersions {
  apiVersions { __typename ... on Error { message } ... on QueryApiVersionsSuccess { data { account current versions } } }
}`;
const CREDENTIALS = `query ModuleApi_Credentials {
  apiCredentials { __typename ... on Error { message } ... on QueryApiCredentialsSuccess { data { account scopes } } }
}`;
const REGISTER_MODULE = `mutation ModuleApi_Register($account: String!, $code: String!) {
  registerModule(account: $account, code: $code) {
    __typename
    ... on Error { message }
    ... on ValidationError { problems { field message } }
    ... on ActionRefused { reasons { code message } }
    ... on MutationRegisterModuleSuccess {
      data { id status grantedScopes pendingScopes connectedAt app { code } account { id } }
    }
  }
}`;

/** HTTP status of each typed error a field answers. */
const ERROR_STATUS: Record<string, number> = {
  ForbiddenError: 403,
  NotFoundError: 404,
  ValidationError: 400,
  ActionRefusedError: 409,
  InvalidStatusError: 409,
  SubmissionIncompleteError: 409,
};

/** Top-level GraphQL error codes (authentication, limits) and the status they answer with. */
const TOP_LEVEL_STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  TOKEN_EXPIRED: 401,
  SESSION_ENDED: 401,
  RATE_LIMITED: 429,
  BAD_REQUEST: 400,
  DATABASE_UNAVAILABLE: 503,
};

type GraphQLAnswer = {
  data?: Record<string, { __typename: string; message?: string; data?: unknown; problems?: { field: string; message: string }[]; reasons?: unknown[] } | null> | null;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
};

export function createModuleRestApi(yoga: VetlineYoga): ModuleRestApi {
  async function run(req: IncomingMessage, document: string, variables: Record<string, unknown>, serverContext: { clientAddress?: string | undefined }) {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-api-key': String(req.headers['x-api-key']) };
    const idempotencyKey = req.headers['idempotency-key'];
    if (typeof idempotencyKey === 'string') headers['idempotency-key'] = idempotencyKey;
    const response = await yoga.fetch('http://vetline.internal/graphql', { method: 'POST', headers, body: JSON.stringify({ query: document, variables }) }, serverContext);
    // Yoga answers JSON, also for its own refusals; anything else (an outage page) keeps its status.
    const answer = (await response.json().catch(() => ({ errors: [{ message: 'The server could not answer' }] }))) as GraphQLAnswer;
    return { status: response.status, retryAfter: response.headers.get('retry-after'), answer };
  }

  /** Turns a field's answer into the REST one: its success body, or a refusal with its status. */
  function reply(res: ServerResponse, field: string, result: Awaited<ReturnType<typeof run>>, success: (data: never) => [number, object]) {
    const { answer } = result;
    const value = answer.data?.[field];
    if (answer.errors?.length || !value) {
      const error = answer.errors?.[0];
      const status = TOP_LEVEL_STATUS[error?.extensions?.code ?? ''] ?? (result.status >= 400 ? result.status : 500);
      if (result.retryAfter) res.setHeader('retry-after', result.retryAfter);
      return send(res, status, { success: false, errorMsg: error?.message ?? 'Unexpected error' });
    }
    if (value.__typename.endsWith('Success')) {
      const [status, body] = success(value.data as never);
      return send(res, status, { success: true, ...body });
    }
    const errors = value.problems && Object.fromEntries(value.problems.map((p) => [p.field, p.message]));
    return send(res, ERROR_STATUS[value.__typename] ?? 400, {
      success: false,
      errorMsg: value.message,
      ...(errors ? { errors } : {}),
      ...(value.reasons ? { reasons: value.reasons } : {}),
    });
  }

  return async (req, res, serverContext) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const register = REGISTER.exec(path);
    const route = path === '/api/api-versions' || path === '/api/credentials' ? 'GET' : register ? 'POST' : null;
    if (!route) return send(res, 404, { success: false, errorMsg: 'No such route' });
    if (req.method !== route) {
      res.setHeader('allow', route);
      return send(res, 405, { success: false, errorMsg: `Use ${route}` });
    }
    if (typeof req.headers['x-api-key'] !== 'string' || !req.headers['x-api-key']) {
      return send(res, 401, { success: false, errorMsg: 'Send the API key in the X-API-KEY header' });
    }
    if (path === '/api/api-versions') {
      return reply(res, 'apiVersions', await run(req, API_VERSIONS, {}, serverContext), (data: { account: string; current: number; versions: number[] }) => [200, data]);
    }
    if (path === '/api/credentials') {
      return reply(res, 'apiCredentials', await run(req, CREDENTIALS, {}, serverContext), (data: { account: string; scopes: string[] }) => [200, data]);
    }
    const body = await readForm(req);
    if (!body.ok) return send(res, 400, { success: false, errorMsg: body.message });
    const account = body.fields['account'];
    if (typeof account !== 'string' || !account) return send(res, 400, { success: false, errorMsg: 'account is required', errors: { account: 'is required' } });
    const code = safeDecode(register![1]!);
    if (code === null) return send(res, 404, { success: false, errorMsg: 'No such route' });
    const result = await run(req, REGISTER_MODULE, { account, code }, serverContext);
    return reply(res, 'registerModule', result, (installation: Record<string, unknown>) => [201, { installation }]);
  };
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * The POST body as fields: JSON (an object) or a URL-encoded form. app.ts has already refused
 * bodies over the limit (a chunked one is handed over read, in `req.body`).
 */
async function readForm(req: IncomingMessage): Promise<{ ok: true; fields: Record<string, unknown> } | { ok: false; message: string }> {
  let buffer = (req as IncomingMessage & { body?: Buffer }).body;
  if (!buffer) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > HTTP_LIMITS.bodyBytes) return { ok: false, message: 'The request body is too large' };
      chunks.push(chunk);
    }
    buffer = Buffer.concat(chunks, size);
  }
  const text = buffer.toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return { ok: true, fields: Object.fromEntries(new URLSearchParams(text)) };
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(text || '{}');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return { ok: true, fields: parsed as Record<string, unknown> };
    } catch {
      // answered below
    }
    return { ok: false, message: 'The body is not a JSON object' };
  }
  return { ok: false, message: 'Send the body as application/json or application/x-www-form-urlencoded' };
}

function send(res: ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
