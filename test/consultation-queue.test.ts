import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/passwords.js';
import { gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';
import { collect, wsClient } from './helpers/ws.js';

// Consultation requests are the moderation queue's other kind of item: they wait with an age and
// an assignee, an admin claims one and decides it from the queue, as a reviewer does a version.

const ERRORS = `
  __typename
  ... on Error { message }
  ... on ActionRefused { reasons { code message } }`;

const QUEUE = `{ consultationQueue(first: 100) { edges { node {
  id code consultationRequestedAt consultationWaitingSeconds consultationAssignee { email }
  viewerCan { claimConsultation { allowed } decideConsultation { allowed } }
} } } }`;

interface QueuedConsultation {
  id: string;
  code: string;
  consultationRequestedAt: string | null;
  consultationWaitingSeconds: number | null;
  consultationAssignee: { email: string } | null;
  viewerCan: { claimConsultation: { allowed: boolean }; decideConsultation: { allowed: boolean } };
}

const dbId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

describe.each(await serverBackends())('consultation requests in the queue on %s', async (backend) => {
  let server: TestServer;
  let anna: string;
  let rita: string;
  let admin: string;
  let secondAdmin: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    await server.prisma.user.create({
      data: { email: 'h12-second-admin@vetline.dev', name: 'Second Admin', staffRole: 'ADMIN', passwordHash: await hashPassword('vetline-demo') },
    });
    [anna, rita, admin, secondAdmin] = await Promise.all([
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'rita@vetline.dev'),
      login(server.url, 'admin@vetline.dev'),
      login(server.url, 'h12-second-admin@vetline.dev'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function call(token: string, mutation: string) {
    const result = await gql(server.url, `mutation { ${mutation.replace('{}', `{ ${ERRORS} }`)} }`, {}, { token });
    expect(result.errors).toBeUndefined();
    return Object.values(result.data!)[0] as Record<string, any>;
  }
  async function queue(token: string): Promise<QueuedConsultation[]> {
    const result = await gql(server.url, QUEUE, {}, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.consultationQueue.edges.map((edge: { node: QueuedConsultation }) => edge.node);
  }
  const dbState = async (appId: string) => ({
    app: await server.prisma.app.findUniqueOrThrow({ where: { id: dbId(appId) } }),
    events: await server.prisma.event.count(),
  });
  async function requested(code: string) {
    const created = await gql(server.url, `mutation { createApp(code: "${code}") { ... on MutationCreateAppSuccess { data { id } } } }`, {}, { token: anna });
    const appId: string = created.data!.createApp.data.id;
    expect((await call(anna, `requestConsultation(appId: "${appId}") {}`)).__typename).toBe('MutationRequestConsultationSuccess');
    return appId;
  }

  it('should queue a request oldest first with its age, let one admin claim it and decide it, and take it out of the queue', async () => {
    const first = await requested('queue-consult-a');
    const second = await requested('queue-consult-b');

    const waiting = await queue(admin);
    const codes = waiting.map((item) => item.code);
    expect(codes.indexOf('queue-consult-a')).toBeLessThan(codes.indexOf('queue-consult-b'));
    const expectedCount = await server.prisma.app.count({ where: { consultation: 'REQUESTED', deletedAt: null } });
    expect(waiting).toHaveLength(expectedCount);
    const item = waiting.find((i) => i.id === first)!;
    expect(item.consultationAssignee).toBeNull();
    expect(item.consultationWaitingSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(item.consultationRequestedAt!)).toBeLessThanOrEqual(Date.now());
    expect(item.viewerCan).toEqual({ claimConsultation: { allowed: true }, decideConsultation: { allowed: true } });

    // Reviewers see the queue but the decision is an admin's; partners do not see the queue.
    expect((await queue(rita)).map((i) => i.id)).toContain(first);
    const partnerView = await gql(server.url, QUEUE, {}, { token: anna });
    expect(partnerView.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    let before = await dbState(first);
    expect((await call(rita, `claimConsultation(appId: "${first}") {}`)).__typename).toBe('ForbiddenError');
    expect(await dbState(first)).toEqual(before);

    expect((await call(admin, `claimConsultation(appId: "${first}") {}`)).__typename).toBe('MutationClaimConsultationSuccess');
    const claimed = (await queue(secondAdmin)).find((i) => i.id === first)!;
    expect(claimed.consultationAssignee).toEqual({ email: 'admin@vetline.dev' });
    expect(claimed.viewerCan).toEqual({ claimConsultation: { allowed: false }, decideConsultation: { allowed: false } });
    const event = await server.prisma.event.findFirstOrThrow({ where: { appId: dbId(first), type: 'app.consultation_claimed' } });
    expect(event.payload).toMatchObject({ assigneeId: { old: null } });

    // Another admin can neither take it over nor decide it; the claimant cannot claim it twice.
    before = await dbState(first);
    expect((await call(secondAdmin, `claimConsultation(appId: "${first}") {}`)).reasons).toEqual([
      { code: 'CLAIMED_BY_ANOTHER', message: 'Another admin has claimed this consultation request' },
    ]);
    expect((await call(secondAdmin, `decideConsultation(appId: "${first}", approve: true) {}`)).reasons).toEqual([
      { code: 'CLAIMED_BY_ANOTHER', message: 'Another admin has claimed this consultation request' },
    ]);
    expect((await call(admin, `claimConsultation(appId: "${first}") {}`)).reasons).toEqual([
      { code: 'ALREADY_CLAIMED', message: 'You already claimed this consultation request' },
    ]);
    expect(await dbState(first)).toEqual(before);

    expect((await call(admin, `decideConsultation(appId: "${first}", approve: true, note: "Go ahead") {}`)).__typename).toBe(
      'MutationDecideConsultationSuccess',
    );
    const after = await queue(admin);
    expect(after.map((i) => i.id)).not.toContain(first);
    expect(after.map((i) => i.id)).toContain(second);
    expect(after).toHaveLength(expectedCount - 1);

    // An unclaimed request can be decided straight from the queue; the decider becomes its assignee.
    expect((await call(secondAdmin, `decideConsultation(appId: "${second}", approve: false, note: "Out of scope") {}`)).__typename).toBe(
      'MutationDecideConsultationSuccess',
    );
    const decided = await server.prisma.app.findUniqueOrThrow({ where: { id: dbId(second) }, include: { consultationAssignee: true } });
    expect(decided.consultationAssignee?.email).toBe('h12-second-admin@vetline.dev');
    expect((await call(admin, `claimConsultation(appId: "${second}") {}`)).reasons).toEqual([
      { code: 'WRONG_STATUS', message: 'No consultation is awaiting a decision' },
    ]);
  });

  it('should deliver the request, its claim and its decision live to staff watching the queue', async () => {
    const client = wsClient(server.url, { authorization: `Bearer ${rita}` });
    try {
      const feed = collect<{ type: string; payload: Record<string, unknown> }>(client, 'subscription { queueEvents { type payload } }');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const appId = await requested('queue-consult-live');
      await call(admin, `claimConsultation(appId: "${appId}") {}`);
      await call(admin, `decideConsultation(appId: "${appId}", approve: true) {}`);
      const events = await feed.waitFor(3);
      expect(events.map((e) => e.type)).toEqual(['app.consultation_requested', 'app.consultation_claimed', 'app.consultation_decided']);
      expect(events[2]!.payload).toEqual({ consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null });
      feed.stop();
    } finally {
      await client.dispose();
    }
  });
});
