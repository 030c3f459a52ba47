/** `{ __typename }`: what a request costs with no data at all, against the same in graphql-js and the ceiling. */
import { compareHttp } from '../lib/compare.js';
import type { BenchSuite } from '../lib/suite.js';

export const baselineSuite: BenchSuite = {
  name: 'typename',
  // It touches no database: once per run is enough.
  databases: ['postgres'],
  async run(env, options) {
    const row = await compareHttp(
      env,
      {
        key: 'typename',
        title: '`{ __typename }`',
        connections: 10,
        reference: true,
        request: async () => ({ path: '/graphql', headers: {}, body: JSON.stringify({ query: '{ __typename }' }) }),
      },
      options,
    );
    return [{ kind: 'comparison', row }];
  },
};
