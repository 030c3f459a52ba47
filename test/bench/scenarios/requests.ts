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

/**
 * The catalog page's variables: its filter form, empty, and a page size. `uncached` asks with
 * `Cache-Control: no-cache`: Vetline answers from the database and stores the answer again, as on
 * a miss (key, lookup skipped, execution, serialization, store); the reference ignores the header.
 */
export function catalogRequest(first: number, headers: Record<string, string> = {}, { uncached = false } = {}): BenchRequest {
  const filter = { search: null, section: null, freeOnly: null, country: null, apiVersion: null };
  return {
    path: '/graphql',
    headers: uncached ? { ...headers, 'cache-control': 'no-cache' } : headers,
    body: JSON.stringify({ operationName: 'CatalogPage_CatalogQuery', query: CATALOG_QUERY, variables: { locale: 'en', filter, first, after: null } }),
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
