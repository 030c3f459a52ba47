import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId, gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// Issue 13, the reviewer's desk on the server: re-review goes back to its reviewer, "pass the
// remaining items" in one mutation, human labels in refusals and history, queue search and turns.

const result = (name: string, args: string, fields: string) => `
  ${name}(${args}) {
    __typename
    ... on Error { message }
    ... on ActionRefused { reasons { code message } }
    ... on Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success { data { ${fields} } }
  }`;

describe.each(await serverBackends())('the reviewer’s desk over GraphQL on %s', async (backend) => {
  let server: TestServer;
  let anna: string;
  let rita: string;
  let ivan: string;
  let olga: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    [anna, rita, ivan, olga] = await Promise.all([
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'rita@vetline.dev'),
      login(server.url, 'ivan@vetline.dev'),
      login(server.url, 'olga@nordlys.dev'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function mutate(token: string, name: string, args: string, fields = 'id status assignee { name }') {
    const response = await gql(server.url, `mutation { ${result(name, args, fields)} }`, {}, { token });
    expect(response.errors).toBeUndefined();
    return response.data![name];
  }

  /** An unclaimed submission of a partner (Acme unless told), its global id and its checklist. */
  async function waitingAcmeVersion(skip = 0, partner = 'acme') {
    const versions = await server.prisma.appVersion.findMany({
      where: { status: 'SUBMITTED', assigneeId: null, app: { partner: { slug: partner }, deletedAt: null } },
      include: { checklist: { orderBy: { position: 'asc' } } },
      orderBy: { id: 'asc' },
    });
    const version = versions[skip];
    if (!version) throw new Error('the demo has no such waiting Acme submission');
    return { raw: version, id: globalId('AppVersion', version.id), target: `versionId: "${globalId('AppVersion', version.id)}"` };
  }

  const snapshot = async (versionId: string) => ({
    items: await server.prisma.checklistItem.findMany({ where: { versionId }, orderBy: { position: 'asc' }, select: { key: true, verdict: true, verdictComment: true } }),
    events: await server.prisma.event.count({ where: { versionId } }),
  });

  it('should pass every item without a verdict in one mutation, keep the judged ones, and record one event per item', async () => {
    const { raw, target } = await waitingAcmeVersion();
    await mutate(rita, 'claimReview', target);
    const [first, ...rest] = raw.checklist;
    await mutate(rita, 'setChecklistVerdict', `${target}, key: "${first!.key}", verdict: NOT_APPLICABLE, comment: "No accounts here"`, 'key');
    const before = await server.prisma.event.aggregate({ _max: { id: true } });

    const passed = await mutate(rita, 'passRemainingChecklistItems', target, 'id checklist { key verdict verdictComment }');
    expect(passed.__typename).toBe('MutationPassRemainingChecklistItemsSuccess');
    expect(passed.data.checklist).toEqual([
      { key: first!.key, verdict: 'NOT_APPLICABLE', verdictComment: 'No accounts here' },
      ...rest.map((item) => ({ key: item.key, verdict: 'PASS', verdictComment: null })),
    ]);
    const events = await server.prisma.event.findMany({ where: { versionId: raw.id, id: { gt: before._max.id! } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(rest.map(() => 'checklist.verdict_set'));
    expect(events.map((e) => e.payload)).toEqual(
      rest.map((item) => ({ key: item.key, label: item.label, verdict: { old: null, new: 'PASS' }, comment: null })),
    );

    // Nothing left to pass: allowed, and nothing happens.
    const again = await mutate(rita, 'passRemainingChecklistItems', target, 'id');
    expect(again.__typename).toBe('MutationPassRemainingChecklistItemsSuccess');
    expect(await server.prisma.event.count({ where: { versionId: raw.id, id: { gt: events.at(-1)!.id } } })).toBe(0);
  });

  it('should refuse passing the remaining items to the partner, to another reviewer and before a claim, changing nothing', async () => {
    const { raw, target } = await waitingAcmeVersion();
    const unclaimed = await snapshot(raw.id);
    const early = await mutate(rita, 'passRemainingChecklistItems', target, 'id');
    expect(early.__typename).toBe('InvalidStatusError');
    expect(await snapshot(raw.id)).toEqual(unclaimed);

    await mutate(rita, 'claimReview', target);
    const claimed = await snapshot(raw.id);
    const byIvan = await mutate(ivan, 'passRemainingChecklistItems', target, 'id');
    expect(byIvan.__typename).toBe('ActionRefusedError');
    expect(byIvan.reasons.map((r: { code: string }) => r.code)).toEqual(['CLAIMED_BY_ANOTHER']);
    const byPartner = await mutate(anna, 'passRemainingChecklistItems', target, 'id');
    expect(byPartner.__typename).toBe('ForbiddenError');
    expect(await snapshot(raw.id)).toEqual(claimed);
    expect(claimed.items.every((item) => item.verdict === null)).toBe(true);

    // Without a session: refused before anything is read.
    const anonymous = await gql(server.url, `mutation { ${result('passRemainingChecklistItems', target, 'id')} }`);
    expect(anonymous.data?.passRemainingChecklistItems?.__typename ?? anonymous.errors?.[0]?.message).not.toBe('MutationPassRemainingChecklistItemsSuccess');
    expect(await snapshot(raw.id)).toEqual(claimed);
  });

  it('should name failed items by their labels and send a resubmission back to its reviewer, in review, with an event', async () => {
    const { raw, id, target } = await waitingAcmeVersion();
    const claimed = await mutate(rita, 'claimReview', target);
    const reviewer = claimed.data.assignee.name;
    const item = raw.checklist[0]!;
    await mutate(rita, 'setChecklistVerdict', `${target}, key: "${item.key}", verdict: FAIL, comment: "Does not work"`, 'key');
    const refused = await mutate(rita, 'approveVersion', target);
    const failed = refused.reasons.find((r: { code: string }) => r.code === 'FAILED_ITEMS');
    expect(failed.message).toBe(`Checklist items failed: ${item.label}`);
    expect(failed.message).not.toContain(item.key);

    const opened = await gql(server.url, `mutation { openThread(${target}, title: "Fix it", body: "It fails") { __typename } }`, {}, { token: rita });
    expect(opened.data!.openThread.__typename).toBe('MutationOpenThreadSuccess');
    expect((await mutate(rita, 'requestChanges', target)).data.status).toBe('CHANGES_REQUESTED');

    const answered = await mutate(anna, 'answerChecklistItem', `${target}, key: "${item.key}", answer: "${item.kind === 'CONFIRMATION' ? 'yes' : 'https://acme.dev/fixed'}"`, 'key');
    expect(answered.__typename).toBe('MutationAnswerChecklistItemSuccess');
    const answeredEvent = await server.prisma.event.findFirstOrThrow({ where: { versionId: raw.id, type: 'checklist.answered' }, orderBy: { id: 'desc' } });
    expect(answeredEvent.payload).toMatchObject({ key: item.key, label: item.label });

    const before = await server.prisma.event.aggregate({ _max: { id: true } });
    const resubmitted = await mutate(anna, 'submitVersion', target, 'id status assignee { name } reviewTurn');
    expect(resubmitted.data).toEqual({ id, status: 'IN_REVIEW', assignee: { name: reviewer }, reviewTurn: 'ASSIGNEE' });
    const events = await server.prisma.event.findMany({ where: { versionId: raw.id, id: { gt: before._max.id! } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.actorId])).toEqual([
      ['version.submitted', expect.any(String)],
      ['version.assigned', null],
    ]);
    expect(events[1]!.payload).toMatchObject({ status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, automatic: true });

    // The reviewer decides without claiming again; nobody else can take it.
    expect((await mutate(ivan, 'claimReview', target)).reasons[0].code).toBe('CLAIMED_BY_ANOTHER');
    expect((await mutate(rita, 'claimReview', target)).reasons[0].code).toBe('ALREADY_CLAIMED');
    const verdict = await mutate(rita, 'setChecklistVerdict', `${target}, key: "${item.key}", verdict: PASS`, 'verdict');
    expect(verdict.data.verdict).toBe('PASS');
  });

  it('should leave a resubmission in the queue for anyone when its reviewer is no longer staff', async () => {
    const { raw, target } = await waitingAcmeVersion(0, 'nordlys');
    await mutate(ivan, 'claimReview', target);
    await gql(server.url, `mutation { openThread(${target}, title: "Fix it", body: "It fails") { __typename } }`, {}, { token: ivan });
    expect((await mutate(ivan, 'requestChanges', target)).data.status).toBe('CHANGES_REQUESTED');
    const ivanId = (await server.prisma.appVersion.findUniqueOrThrow({ where: { id: raw.id } })).assigneeId!;
    const role = (await server.prisma.user.findUniqueOrThrow({ where: { id: ivanId } })).staffRole;
    await server.prisma.user.update({ where: { id: ivanId }, data: { staffRole: null } });
    try {
      const resubmitted = await mutate(olga, 'submitVersion', target, 'status reviewTurn');
      expect(resubmitted.data.status).toBe('SUBMITTED');
      expect(await server.prisma.event.count({ where: { versionId: raw.id, type: 'version.assigned' } })).toBe(0);
    } finally {
      await server.prisma.user.update({ where: { id: ivanId }, data: { staffRole: role } });
    }
  });

  it('should search the queue by app name, code and partner, and say whose turn each row is', async () => {
    const queue = async (search: string) => {
      const response = await gql(
        server.url,
        `query ($filter: QueueFilter) { moderationQueue(first: 50, filter: $filter) { edges { node { status reviewTurn assignee { id } app { code partner { name } } } } } }`,
        { filter: { search } },
        { token: rita },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.moderationQueue.edges.map((e: { node: unknown }) => e.node) as {
        status: string;
        reviewTurn: string;
        assignee: { id: string } | null;
        app: { code: string; partner: { name: string } };
      }[];
    };
    const all = await queue('');
    expect(all.length).toBeGreaterThan(2);
    for (const row of all) expect(row.reviewTurn).toBe(row.assignee ? 'ASSIGNEE' : 'ANY_REVIEWER');
    expect(new Set(all.map((row) => row.reviewTurn))).toEqual(new Set(['ASSIGNEE', 'ANY_REVIEWER']));

    const byCode = await queue('ACME-PAY');
    expect(byCode.map((row) => row.app.code)).toEqual(['acme-pay']);
    const name = await server.prisma.listingText.findFirstOrThrow({ where: { app: { code: 'acme-pay' }, locale: 'en' } });
    expect((await queue(name.name.toLowerCase())).map((row) => row.app.code)).toContain('acme-pay');
    const byPartner = await queue('nordlys');
    expect(byPartner.length).toBeGreaterThan(0);
    expect(byPartner.every((row) => row.app.partner.name.toLowerCase().includes('nordlys') || row.app.code.includes('nordlys'))).toBe(true);
    expect(await queue('no such app anywhere')).toEqual([]);

    // Partners do not see the queue at all.
    const partner = await gql(server.url, `{ moderationQueue(first: 5, filter: { search: "acme" }) { edges { node { id } } } }`, {}, { token: anna });
    expect(partner.data?.moderationQueue ?? null).toBeNull();
  });

  it('should name in the history only the manifest fields that changed', async () => {
    const draft = await server.prisma.appVersion.findFirstOrThrow({
      where: { status: 'DRAFT', app: { code: 'acme-stats' } },
      include: { scopes: true },
    });
    const target = `versionId: "${globalId('AppVersion', draft.id)}"`;
    // The editor sends the whole manifest, as it is, with only the changelog edited.
    const scopes = draft.scopes
      .map((s) => `{ key: "${s.scopeKey}", justification: ${JSON.stringify(s.justification)}${s.pollingIntervalSeconds != null ? `, pollingIntervalSeconds: ${s.pollingIntervalSeconds}` : ''} }`)
      .join(', ');
    const manifest = (changelog: string) =>
      `manifest: { version: "${draft.version}", changelog: ${JSON.stringify(changelog)}, minApiVersion: ${draft.minApiVersion}, connectionUrl: ${JSON.stringify(draft.connectionUrl ?? '')}, simpleConnection: ${draft.simpleConnection}, scopes: [${scopes}] }`;
    const before = await server.prisma.event.aggregate({ _max: { id: true } });
    const updated = await mutate(anna, 'updateVersion', `${target}, ${manifest('Only this line is new.')}`, 'changelog');
    expect(updated.data.changelog).toBe('Only this line is new.');
    const events = await server.prisma.event.findMany({ where: { versionId: draft.id, id: { gt: before._max.id! } } });
    expect(events.map((e) => [e.type, e.payload])).toEqual([['version.updated', { version: draft.version, changed: ['changelog'] }]]);
    // Saving the same manifest again changes nothing, and the history says nothing.
    expect((await mutate(anna, 'updateVersion', `${target}, ${manifest('Only this line is new.')}`, 'changelog')).data.changelog).toBe('Only this line is new.');
    expect(await server.prisma.event.count({ where: { versionId: draft.id, id: { gt: events[0]!.id } } })).toBe(0);
  });
});
