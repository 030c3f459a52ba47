/**
 * The review workspace (the dashboard's review page query, signed in as a reviewer) and
 * `postComment` on one thread. The reference does not serve the workspace (it is compared with
 * the ceiling only); it serves `postComment` with the same transaction written by hand.
 */
import { compareHttp } from '../lib/compare.js';
import type { BenchSuite } from '../lib/suite.js';
import { REVIEW_QUERY, reviewerToken, reviewTarget } from './requests.js';

/** A selection whose answer holds no ids or times, so both servers answer the same bytes. */
const POST_COMMENT = `mutation Bench_PostComment($threadId: ID!, $body: String!) {
  postComment(threadId: $threadId, body: $body) {
    __typename
    ... on MutationPostCommentSuccess { data { body author { name } } }
  }
}`;

export const reviewSuite: BenchSuite = {
  name: 'review',
  async run(env, options) {
    const row = await compareHttp(
      env,
      {
        key: 'review',
        title: 'review workspace (reviewer)',
        connections: 10,
        reference: false,
        request: async () => ({
          path: '/graphql',
          headers: { authorization: `Bearer ${await reviewerToken(env)}` },
          body: JSON.stringify({
            operationName: 'ReviewPage_VersionQuery',
            query: REVIEW_QUERY,
            variables: { id: (await reviewTarget(env)).versionId, historyAfter: null },
          }),
        }),
      },
      options,
    );
    return [{ kind: 'comparison', row }];
  },
};

export const postCommentSuite: BenchSuite = {
  name: 'comment',
  async run(env, options) {
    const row = await compareHttp(
      env,
      {
        key: 'post-comment',
        title: '`postComment`, one thread',
        connections: 10,
        reference: true,
        request: async () => ({
          path: '/graphql',
          headers: { authorization: `Bearer ${await reviewerToken(env)}` },
          body: JSON.stringify({
            operationName: 'Bench_PostComment',
            query: POST_COMMENT,
            variables: { threadId: (await reviewTarget(env)).threadId, body: 'Still reproducible on the test account.' },
          }),
        }),
      },
      options,
    );
    return [{ kind: 'comparison', row }];
  },
};
