/** The operations the bench sends, taken from the dashboard's own generated documents. */
import { print } from 'graphql';
import { gql, login } from '../../helpers/graphql.js';
import { CatalogPage_CatalogQueryDocument, ReviewPage_VersionQueryDocument } from '../../../web/src/gql/graphql.js';
import type { BenchEnv } from '../lib/env.js';
import type { BenchRequest } from '../lib/load.js';

/** The catalog page's document with its fragments, as the dashboard sends it. */
export const CATALOG_QUERY = print(CatalogPage_CatalogQueryDocument);
/** The review workspace's document with its fragments. */
export const REVIEW_QUERY = print(ReviewPage_VersionQueryDocument);

/** Numbers the uncached requests of this bench process: each one is new to every server. */
let requestCount = 0;

/**
 * The catalog page's variables: its filter form, empty, and a page size. `uncached` adds a
 * variable the document does not declare, different on every request: GraphQL ignores it (so
 * the answer and the reference's are the same bytes), but it is part of the response cache's
 * key, so every request misses the cache and runs the query.
 */
export function catalogRequest(first: number, headers: Record<string, string> = {}, { uncached = false } = {}): BenchRequest {
  const filter = { search: null, section: null, freeOnly: null, country: null, apiVersion: null };
  const bodyWith = (extra: Record<string, unknown>) =>
    JSON.stringify({ operationName: 'CatalogPage_CatalogQuery', query: CATALOG_QUERY, variables: { locale: 'en', filter, first, after: null, ...extra } });
  return {
    path: '/graphql',
    headers,
    body: bodyWith(uncached ? { uncached: 0 } : {}),
    ...(uncached ? { nextBody: () => bodyWith({ uncached: ++requestCount }) } : {}),
  };
}

/** The reviewer the review scenarios sign in as, and the demo submission they work on. */
export const REVIEWER = 'rita@vetline.dev';
const REVIEWED_APP = 'acme-pay';

const tokens = new WeakMap<BenchEnv, Promise<string>>();
/** Rita's session token for this environment (valid on its reference too: same secret). */
export function reviewerToken(env: BenchEnv): Promise<string> {
  let token = tokens.get(env);
  if (!token) {
    token = login(env.ours.url, REVIEWER);
    tokens.set(env, token);
  }
  return token;
}

/** The demo's submission in review (acme-pay) and its open thread, as global ids. */
export async function reviewTarget(env: BenchEnv): Promise<{ versionId: string; threadId: string }> {
  const token = await reviewerToken(env);
  const result = await gql<{ app: { versions: { id: string; status: string; threads: { id: string; status: string }[] }[] } | null }>(
    env.ours.url,
    `query ($code: String!) { app(code: $code) { versions { id status threads { id status } } } }`,
    { code: REVIEWED_APP },
    { token },
  );
  const version = result.data?.app?.versions.find((v) => v.status === 'IN_REVIEW');
  const thread = version?.threads.find((t) => t.status === 'OPEN');
  if (!version || !thread) throw new Error(`The demo seed has no ${REVIEWED_APP} version in review with an open thread: ${JSON.stringify(result)}`);
  return { versionId: version.id, threadId: thread.id };
}
