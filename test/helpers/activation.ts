import type { PrismaClient } from '../../server/src/db/client.js';
import { globalId, gql } from './graphql.js';

/** Runs a mutation and returns its success `data`, or throws with the whole answer. */
export async function mutate(url: string, query: string, variables: Record<string, unknown>, auth: { token?: string; apiKey?: string }) {
  const result = await gql(url, query, variables, auth);
  const field = result.data && Object.values(result.data)[0];
  if (!field || !String(field.__typename).endsWith('Success')) throw new Error(`${query.trim().split('\n')[0]} failed: ${JSON.stringify(result)}`);
  return field.data;
}

const ANSWERS: Record<string, string> = {
  CONFIRMATION: 'yes',
  URL: 'https://example.com/guide',
  TEXT: 'Done as described.',
  CREDENTIALS: 'reviewer@example.com / review-pass',
};

/**
 * Takes a new version of a published app through review to LIVE over the API, requesting
 * `scopes`: the version in review (if any) is withdrawn, a new one created and answered, submitted
 * with automatic release, claimed and approved by a reviewer. Returns the new version's id.
 */
export async function releaseWithScopes(
  server: { url: string; prisma: PrismaClient },
  code: string,
  scopes: string[],
  tokens: { partner: string; reviewer: string },
): Promise<string> {
  const app = await server.prisma.app.findUniqueOrThrow({ where: { code }, include: { versions: { orderBy: { createdAt: 'asc' } } } });
  const live = app.versions.find((v) => v.status === 'LIVE')!;
  const partner = { token: tokens.partner };
  const reviewer = { token: tokens.reviewer };
  for (const version of app.versions.filter((v) => v.status === 'SUBMITTED' || v.status === 'IN_REVIEW')) {
    await mutate(server.url, `mutation ($id: ID!) { withdrawVersion(versionId: $id) { __typename ... on Error { message } ... on MutationWithdrawVersionSuccess { data { status } } } }`, { id: globalId('AppVersion', version.id) }, partner);
  }
  const created = await mutate(
    server.url,
    `mutation ($appId: ID!, $version: String!, $manifest: ManifestInput) {
      createVersion(appId: $appId, version: $version, manifest: $manifest) {
        __typename ... on Error { message } ... on MutationCreateVersionSuccess { data { id checklist { key kind mandatory } } }
      }
    }`,
    {
      appId: globalId('App', app.id),
      version: `${app.versions.length + 1}.0`,
      manifest: {
        changelog: `Requests ${scopes.join(', ')}.`,
        minApiVersion: live.minApiVersion,
        connectionUrl: live.connectionUrl,
        simpleConnection: live.simpleConnection,
        scopes: scopes.map((key) => ({
          key,
          justification: `Needed for ${key}.`,
          ...(key === 'analytics.read' ? { pollingIntervalSeconds: 3600 } : {}),
        })),
      },
    },
    partner,
  );
  const versionId: string = created.id;
  for (const item of created.checklist as { key: string; kind: string; mandatory: boolean }[]) {
    if (!item.mandatory) continue;
    await mutate(
      server.url,
      `mutation ($id: ID!, $key: String!, $answer: String) { answerChecklistItem(versionId: $id, key: $key, answer: $answer) { __typename ... on Error { message } ... on MutationAnswerChecklistItemSuccess { data { key } } } }`,
      { id: versionId, key: item.key, answer: ANSWERS[item.kind] },
      partner,
    );
  }
  const step = (name: string, extra = '') =>
    `mutation ($id: ID!) { ${name}(versionId: $id${extra}) { __typename ... on Error { message } ... on Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success { data { status } } } }`;
  await mutate(server.url, step('submitVersion', ', autoRelease: true'), { id: versionId }, partner);
  await mutate(server.url, step('claimReview'), { id: versionId }, reviewer);
  const approved = await mutate(server.url, step('approveVersion'), { id: versionId }, reviewer);
  if (approved.status !== 'LIVE') throw new Error(`the version did not go live: ${JSON.stringify(approved)}`);
  return versionId;
}
