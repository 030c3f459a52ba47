import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId, gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// The review loop as a partner and reviewers drive it over HTTP, against the demo marketplace.

const VERSION_FIELDS = `
  id status waitingOn
  assignee { name }
  rounds { number outcome }
  viewerCan {
    submit { allowed reasons { code missing { field } } }
    claim { allowed reasons { code } }
    approve { allowed reasons { code } }
    requestChanges { allowed reasons { code } }
    release { allowed reasons { code } }
  }`;

/** A mutation's typed result: every error kind, or the success with `fields` of its data. */
const result = (name: string, args: string, fields: string) => `
  ${name}(${args}) {
    __typename
    ... on Error { message }
    ... on ActionRefused { reasons { code message missing { field } } }
    ... on SubmissionIncompleteError { missing { field message } }
    ... on ValidationError { problems { field message } }
    ... on Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success { data { ${fields} } }
  }`;

describe.each(await serverBackends())('the review loop over GraphQL on %s', async (backend) => {
  let server: TestServer;
  let anna: string;
  let olga: string;
  let rita: string;
  let ivan: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    [anna, olga, rita, ivan] = await Promise.all([
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'olga@nordlys.dev'),
      login(server.url, 'rita@vetline.dev'),
      login(server.url, 'ivan@vetline.dev'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const eventCount = () => server.prisma.event.count();

  async function mutate(token: string, name: string, args: string, fields = VERSION_FIELDS) {
    const response = await gql(server.url, `mutation { ${result(name, args, fields)} }`, {}, { token });
    expect(response.errors).toBeUndefined();
    return response.data![name];
  }

  it('should keep the live version available while an update is in review', async () => {
    const result = await gql(
      server.url,
      `{ app(code: "acme-pay") { available partnerState platformState stage versions { version status } } }`,
      {},
      { token: anna },
    );
    expect(result.data!.app).toMatchObject({
      available: true,
      platformState: ['ONLINE', 'PENDING'],
      stage: 'PUBLISHED',
      versions: expect.arrayContaining([
        { version: '1.0', status: 'LIVE' },
        { version: '1.1', status: 'IN_REVIEW' },
      ]),
    });
    const catalog = await gql(server.url, '{ catalog(first: 50) { edges { node { code } } } }');
    expect(catalog.data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code)).toContain('acme-pay');
  });

  it('should refuse submission with the precise missing items and change nothing', async () => {
    const app = await gql(server.url, `{ app(code: "acme-stats") { versions { ${VERSION_FIELDS} } } }`, {}, { token: anna });
    const draft = app.data!.app.versions[0];
    expect(draft.status).toBe('DRAFT');
    expect(draft.viewerCan.submit.allowed).toBe(false);
    const advertised = draft.viewerCan.submit.reasons[0].missing.map((m: { field: string }) => m.field);
    expect(advertised).toEqual(expect.arrayContaining(['listing.name.ru', 'listing.description.ru']));
    expect(advertised.some((f: string) => f.startsWith('checklist.'))).toBe(true);

    const events = await eventCount();
    const refused = await mutate(anna, 'submitVersion', `versionId: "${draft.id}"`);
    expect(refused.__typename).toBe('SubmissionIncompleteError');
    // The mutation and the capability field read the same rules.
    expect(refused.missing.map((m: { field: string }) => m.field)).toEqual(advertised);
    expect(await eventCount()).toBe(events);
    const stored = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-stats' } }, include: { rounds: true } });
    expect(stored.status).toBe('DRAFT');
    expect(stored.rounds).toHaveLength(0);
  });

  it('should walk a submission through claim, a change request with threads and verdicts, resubmission, approval and release', async () => {
    // A new Acme app waiting in the queue, unclaimed.
    const waiting = await server.prisma.appVersion.findFirstOrThrow({
      where: { status: 'SUBMITTED', assigneeId: null, app: { partner: { slug: 'acme' }, versions: { none: { status: 'LIVE' } } } },
      include: { app: true, checklist: { orderBy: { position: 'asc' } } },
    });
    const versionId = (await gql(server.url, `{ app(code: "${waiting.app.code}") { versions { id status } } }`, {}, { token: anna })).data!.app.versions.find(
      (v: { status: string }) => v.status === 'SUBMITTED',
    ).id;
    const target = `versionId: "${versionId}"`;
    const item = waiting.checklist.find((i) => i.key === 'test-account') ?? waiting.checklist[0]!;

    const firstEvent = (await server.prisma.event.aggregate({ _max: { id: true } }))._max.id!;

    // Deciding needs a claim first.
    expect((await mutate(rita, 'approveVersion', target)).reasons[0].code).toBe('WRONG_STATUS');
    const claimed = await mutate(rita, 'claimReview', target);
    expect(claimed.data).toMatchObject({ status: 'IN_REVIEW', waitingOn: 'MARKETPLACE', assignee: { name: expect.any(String) } });
    const second = await mutate(ivan, 'claimReview', target);
    expect(second.__typename).toBe('ActionRefusedError');
    expect(second.reasons[0].code).toBe('CLAIMED_BY_ANOTHER');
    expect((await mutate(ivan, 'approveVersion', target)).reasons[0].code).toBe('CLAIMED_BY_ANOTHER');
    // The partner cannot decide on its own app.
    expect((await mutate(anna, 'approveVersion', target)).__typename).toBe('ForbiddenError');

    // A change request needs an open thread saying what to fix.
    expect((await mutate(rita, 'requestChanges', target)).reasons.map((r: { code: string }) => r.code)).toEqual(['NO_OPEN_THREAD']);

    const verdict = await mutate(
      rita,
      'setChecklistVerdict',
      `${target}, key: "${item.key}", verdict: FAIL, comment: "The test account does not log in"`,
      'key verdict verdictComment',
    );
    expect(verdict.data).toEqual({ key: item.key, verdict: 'FAIL', verdictComment: 'The test account does not log in' });

    const opened = await gql(
      server.url,
      `mutation { openThread(${target}, title: "Test account", body: "Login fails with 401", anchor: CHECKLIST_ITEM, anchorKey: "${item.key}") {
        __typename ... on MutationOpenThreadSuccess { data { id status blocking anchorKey comments { body author { name } } } } } }`,
      {},
      { token: rita },
    );
    const thread = opened.data!.openThread.data;
    expect(thread).toMatchObject({ status: 'OPEN', blocking: true, anchorKey: item.key, comments: [{ body: 'Login fails with 401' }] });

    // Approval is refused for the blocking thread and the failed item, each named.
    const refusedApproval = await mutate(rita, 'approveVersion', target);
    expect(refusedApproval.reasons.map((r: { code: string }) => r.code)).toEqual(['OPEN_BLOCKING_THREADS', 'FAILED_ITEMS']);

    const sentBack = await mutate(rita, 'requestChanges', `${target}, summary: "Fix the test account"`);
    expect(sentBack.data).toMatchObject({ status: 'CHANGES_REQUESTED', waitingOn: 'PARTNER' });
    expect(sentBack.data.rounds.at(-1)).toMatchObject({ outcome: 'CHANGES_REQUESTED' });
    // The partner's turn does not count as waiting for the marketplace.
    const partnersTurn = await gql(server.url, `{ node(id: "${versionId}") { ... on AppVersion { waitingSeconds } } }`, {}, { token: anna });
    expect(partnersTurn.data!.node.waitingSeconds).toBeNull();

    // The partner answers in the thread without resubmitting, fixes the item and sends it again.
    const reply = await gql(
      server.url,
      `mutation { postComment(threadId: "${thread.id}", body: "Fixed: new password in the answer") { __typename } }`,
      {},
      { token: anna },
    );
    expect(reply.errors).toBeUndefined();
    expect(reply.data!.postComment.__typename).toBe('MutationPostCommentSuccess');
    const addressed = await gql(server.url, `mutation { markThreadAddressed(threadId: "${thread.id}") { __typename } }`, {}, { token: anna });
    expect(addressed.data!.markThreadAddressed.__typename).toBe('MutationMarkThreadAddressedSuccess');
    const answered = await mutate(anna, 'answerChecklistItem', `${target}, key: "${item.key}", answer: "login: demo2 / password: works"`, 'answer');
    expect(answered.data.answer).toBe('login: demo2 / password: works');
    const resubmitted = await mutate(anna, 'submitVersion', target);
    // Re-review: it goes straight back to the reviewer who sent it back, already in review.
    expect(resubmitted.data).toMatchObject({ status: 'IN_REVIEW', assignee: { name: claimed.data.assignee.name } });
    expect(resubmitted.data.rounds.map((r: { number: number }) => r.number)).toEqual([1, 2]);
    // Round two tells the reviewer exactly what changed since round one.
    const rounds = await gql(
      server.url,
      `{ node(id: "${versionId}") { ... on AppVersion { decidedAt waitingSeconds rounds { number decisionNote changesSincePreviousRound { path old new } } } } }`,
      {},
      { token: rita },
    );
    expect(rounds.data!.node.rounds[0].changesSincePreviousRound).toEqual([]);
    // Round one keeps the reviewer's summary; the version no longer shows round one's decision.
    expect(rounds.data!.node.rounds[0].decisionNote).toBe('Fix the test account');
    expect(rounds.data!.node.decidedAt).toBeNull();
    expect(rounds.data!.node.waitingSeconds).toBeGreaterThanOrEqual(0);
    expect(rounds.data!.node.rounds[1].changesSincePreviousRound).toEqual([
      { path: `checklist.${item.key}`, old: item.answer, new: 'login: demo2 / password: works' },
    ]);

    // Round two: the same reviewer, without claiming again, checks the item, resolves the thread, approves.
    expect((await mutate(rita, 'claimReview', target)).reasons[0].code).toBe('ALREADY_CLAIMED');
    await mutate(rita, 'setChecklistVerdict', `${target}, key: "${item.key}", verdict: PASS`, 'verdict');
    const resolved = await gql(server.url, `mutation { resolveThread(threadId: "${thread.id}") { __typename } }`, {}, { token: rita });
    expect(resolved.data!.resolveThread.__typename).toBe('MutationResolveThreadSuccess');
    const approved = await mutate(rita, 'approveVersion', target);
    expect(approved.data).toMatchObject({ status: 'APPROVED', waitingOn: 'PARTNER', viewerCan: { release: { allowed: false } } });

    // Not in the catalog until the partner releases it.
    const codes = async () =>
      (await gql(server.url, '{ catalog(first: 100) { edges { node { code } } } }')).data!.catalog.edges.map((e: { node: { code: string } }) => e.node.code);
    expect(await codes()).not.toContain(waiting.app.code);
    const released = await mutate(anna, 'releaseVersion', target);
    expect(released.data).toMatchObject({ status: 'LIVE', waitingOn: 'NONE' });
    expect(await codes()).toContain(waiting.app.code);

    // Every step is in the history, in order, and refusals left no trace.
    const history = await server.prisma.event.findMany({ where: { versionId: waiting.id, id: { gt: firstEvent } }, orderBy: { id: 'asc' } });
    expect(history.map((e) => e.type)).toEqual([
      'version.claimed',
      'checklist.verdict_set',
      'thread.opened',
      'version.changes_requested',
      'thread.comment_posted',
      'thread.addressed',
      'checklist.answered',
      'version.submitted',
      'version.assigned',
      'checklist.verdict_set',
      'thread.resolved',
      'version.approved',
      'version.released',
    ]);
  });

  it('should keep partners out of each other’s versions and threads', async () => {
    const acmeThread = await server.prisma.thread.findFirstOrThrow({ where: { version: { app: { partner: { slug: 'acme' } } } } });
    const acmeVersion = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-stats' } } });

    const byNode = await gql(server.url, `{ node(id: "${globalId('AppVersion', acmeVersion.id)}") { id } }`, {}, { token: olga });
    expect(byNode.data?.node ?? null).toBeNull();
    expect(byNode.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const byApp = await gql(server.url, `{ app(code: "acme-stats") { code } }`, {}, { token: olga });
    expect(byApp.data!.app).toBeNull();

    const events = await eventCount();
    const comment = await gql(
      server.url,
      `mutation { postComment(threadId: "${globalId('Thread', acmeThread.id)}", body: "hi") { __typename } }`,
      {},
      { token: olga },
    );
    expect(comment.data!.postComment.__typename).toBe('NotFoundError');
    const submit = await gql(
      server.url,
      `mutation { submitVersion(versionId: "${globalId('AppVersion', acmeVersion.id)}") { __typename } }`,
      {},
      { token: olga },
    );
    expect(submit.data!.submitVersion.__typename).toBe('NotFoundError');
    expect(await eventCount()).toBe(events);
  });
});
