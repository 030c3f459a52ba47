/**
 * The dashboard's catalog query: anonymous at three page sizes, and with an account's API key
 * (each request the same, so Vetline answers from its response cache), and uncached (each
 * request new to the cache).
 */
import { compareHttp } from '../lib/compare.js';
import type { BenchSuite, HttpScenario } from '../lib/suite.js';
import { catalogRequest } from './requests.js';

/** The demo account key: Corner Shop (US, API version 5), so the catalog is filtered for it. */
const ACCOUNT_KEY = 'vl_account_corner_shop';

export const catalogScenarios: HttpScenario[] = [
  ...[5, 20, 100].map((first) => ({
    key: `catalog-${first}`,
    title: `catalog, first ${first}, anonymous`,
    connections: 10,
    reference: true,
    // Page size matters per database alike; the embedded run keeps the first page only, to stay short.
    ...(first === 20 ? {} : { databases: ['postgres' as const] }),
    request: async () => catalogRequest(first),
  })),
  {
    key: 'catalog-20-key',
    title: 'catalog, first 20, account API key',
    connections: 10,
    reference: true,
    request: async () => catalogRequest(20, { 'x-api-key': ACCOUNT_KEY }),
  },
];

/** Every request misses the response cache: what the query itself costs. */
export const uncachedCatalogScenarios: HttpScenario[] = [
  {
    key: 'catalog-20-uncached',
    title: 'catalog, first 20, anonymous, **uncached**',
    connections: 10,
    reference: true,
    request: async () => catalogRequest(20, {}, { uncached: true }),
  },
];

function suiteOf(name: string, scenarios: HttpScenario[]): BenchSuite {
  return {
    name,
    async run(env, options) {
      const results = [];
      for (const scenario of scenarios.filter((s) => !s.databases || s.databases.includes(env.db))) {
        results.push({ kind: 'comparison' as const, row: await compareHttp(env, scenario, options) });
      }
      return results;
    },
  };
}

export const catalogSuite = suiteOf('catalog', catalogScenarios);
export const uncachedCatalogSuite = suiteOf('catalog-uncached', uncachedCatalogScenarios);
