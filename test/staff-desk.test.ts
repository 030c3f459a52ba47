import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentNamespace } from '../server/src/auth/login-throttle.js';
import { PRESENCE_TTL_MS } from '../server/src/presence.js';
import { SUBSCRIPTION_LIMITS, TOO_MANY_SUBSCRIPTIONS } from '../server/src/subscription-limits.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { collect, waitUntil, wsClient } from './helpers/ws.js';

// Issue 13, the reviewer's desk through the API: private staff notes (never reaching a partner by
// any path), canned replies, presence (in memory and across instances through Redis), and updates
// reviewed against the live version with a history that names only what changed.

const NOTE = 'Private: the partner’s CEO called about this one, be thorough';
const PRESENCE = `subscription ($id: ID!) { versionPresence(versionId: $id) { viewers { userId name } } }`;
const REVIEW_EVENTS = `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor type payload } }`;
const APP_EVENTS = `subscription ($id: ID!, $after: String) { appEvents(appId: $id, after: $after) { cursor type payload } }`;

type Client = ReturnType<typeof wsClient>;

describe('the reviewer’s desk', () => {
  let server: TestServer;
  let rita: string;
  let ivan: string;
  let admin: string;
  let anna: string;
  let versionId: string;
  let appId: string;
  let rawVersionId: string;
  const clients: Client[] = [];
  const ws = (token: string) => {
    const client = wsClient(server.url, { authorization: `Bearer ${token}` });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer({ backend: (await postgresAvailable()) ? 'postgres' : 'pglite' });
    [rita, ivan, admin, anna] = await Promise.all([
      login(server.url, 'rita@vetline.dev'),
      login(server.url, 'ivan@vetline.dev'),
      login(server.url, 'admin@vetline.dev'),
      login(server.url, 'anna@acme.dev'),
    ]);
    const version = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-pay' }, status: 'IN_REVIEW' } });
    rawVersionId = version.id;
    versionId = globalId('AppVersion', version.id);
    appId = globalId('App', version.appId);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
  });

  describe('private staff notes', () => {
    it('should show a note live to other staff and never to the partner, over HTTP, WebSocket or history', async () => {
      // Subscribed before the note (from a cursor, so nothing is missed while they start): staff on
      // the version, the partner on the version and on the app.
      const before = String((await server.prisma.event.aggregate({ _max: { id: true } }))._max.id);
      const staffLive = collect(ws(ivan), REVIEW_EVENTS, { id: versionId, after: before });
      const partnerVersion = collect(ws(anna), REVIEW_EVENTS, { id: versionId, after: before });
      const partnerApp = collect(ws(anna), APP_EVENTS, { id: appId, after: before });

      const added = await gql(
        server.url,
        `mutation ($v: ID!, $b: String!) { addStaffNote(versionId: $v, body: $b) { __typename ... on MutationAddStaffNoteSuccess { data { body author { name } } } } }`,
        { v: versionId, b: NOTE },
        { token: rita },
      );
      expect(added.data?.addStaffNote).toMatchObject({ __typename: 'MutationAddStaffNoteSuccess', data: { body: NOTE, author: { name: 'Rita Reyes' } } });

      // Then something the partner may see, so their streams have something to deliver after it.
      const thread = await server.prisma.thread.findFirstOrThrow({ where: { versionId: rawVersionId, status: 'OPEN' } });
      await gql(server.url, `mutation ($t: ID!) { postComment(threadId: $t, body: "Any news?") { __typename } }`, { t: globalId('Thread', thread.id) }, { token: rita });

      const [first] = await staffLive.waitFor(1);
      expect(first).toMatchObject({ type: 'version.note_added' });
      const [partnerFirst] = await partnerVersion.waitFor(1);
      const [appFirst] = await partnerApp.waitFor(1);
      expect(partnerFirst).toMatchObject({ type: 'thread.comment_posted' });
      expect(appFirst).toMatchObject({ type: 'thread.comment_posted' });
      await staffLive.waitFor(2);
      expect(partnerVersion.items.map((e) => e.type)).not.toContain('version.note_added');
      expect(partnerApp.items.map((e) => e.type)).not.toContain('version.note_added');

      // A replay from before the note: the same.
      const replay = collect(ws(anna), REVIEW_EVENTS, { id: versionId, after: before });
      await replay.waitFor(1);
      expect(replay.items.map((e) => e.type)).toEqual(['thread.comment_posted']);
      const staffReplay = collect(ws(ivan), REVIEW_EVENTS, { id: versionId, after: before });
      expect((await staffReplay.waitFor(2)).map((e) => e.type)).toEqual(['version.note_added', 'thread.comment_posted']);

      // HTTP: the notes field, the history of the version and of the app, and the raw bytes.
      const partnerRead = await fetchRaw(server.url, anna, `query ($id: ID!) { node(id: $id) { ... on AppVersion { staffNotes { body } } } }`, { id: versionId });
      expect(partnerRead.text).not.toContain(NOTE);
      expect(JSON.parse(partnerRead.text).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const history = await fetchRaw(
        server.url,
        anna,
        `query ($id: ID!, $app: ID!) {
          v: node(id: $id) { ... on AppVersion { history(first: 1000) { edges { node { type payload } } } } }
          a: node(id: $app) { ... on App { history(first: 1000) { edges { node { type payload } } } } }
        }`,
        { id: versionId, app: appId },
      );
      expect(history.text).not.toContain('note_added');
      expect(history.text).toContain('thread.comment_posted');

      // Staff read it.
      const staffRead = await gql(server.url, `query ($id: ID!) { node(id: $id) { ... on AppVersion { staffNotes { body author { name } } } } }`, { id: versionId }, { token: ivan });
      expect(staffRead.data?.node?.staffNotes).toEqual([{ body: NOTE, author: { name: 'Rita Reyes' } }]);
      const staffHistory = await gql(server.url, `query ($id: ID!) { node(id: $id) { ... on AppVersion { history(first: 1000) { edges { node { type } } } } } }`, { id: versionId }, { token: ivan });
      expect(staffHistory.data?.node?.history.edges.map((e: any) => e.node.type)).toContain('version.note_added');
    });

    it('should refuse a partner writing a note, with a typed error and nothing written', async () => {
      const count = await server.prisma.staffNote.count();
      const refused = await gql(
        server.url,
        `mutation ($v: ID!) { addStaffNote(versionId: $v, body: "mine") { __typename ... on Error { message } } }`,
        { v: versionId },
        { token: anna },
      );
      expect(refused.data?.addStaffNote.__typename).toBe('ForbiddenError');
      expect(await server.prisma.staffNote.count()).toBe(count);
    });
  });

  describe('canned replies', () => {
    const LIST = `{ cannedReplies { id title body shared viewerCanEdit } }`;
    const CREATE = `mutation ($t: String!, $b: String!, $s: Boolean) { createCannedReply(title: $t, body: $b, shared: $s) { __typename ... on Error { message } ... on MutationCreateCannedReplySuccess { data { id title shared } } } }`;
    const UPDATE = `mutation ($id: ID!, $b: String) { updateCannedReply(id: $id, body: $b) { __typename ... on Error { message } ... on MutationUpdateCannedReplySuccess { data { body } } } }`;
    const DELETE = `mutation ($id: ID!) { deleteCannedReply(id: $id) { __typename ... on Error { message } ... on MutationDeleteCannedReplySuccess { data } } }`;

    it('should keep each reviewer’s own replies to them, share the admins’ ones, and refuse partners', async () => {
      const own = await gql(server.url, CREATE, { t: 'Test account', b: 'Please add a working test account.' }, { token: rita });
      const ownId = own.data?.createCannedReply.data.id as string;
      expect(own.data?.createCannedReply.data).toMatchObject({ title: 'Test account', shared: false });
      const shared = await gql(server.url, CREATE, { t: 'Thanks', b: 'Thank you, resolved.', s: true }, { token: admin });
      const sharedId = shared.data?.createCannedReply.data.id as string;
      expect(shared.data?.createCannedReply.data.shared).toBe(true);

      // A reviewer may not share; nothing is written.
      const count = await server.prisma.cannedReply.count();
      expect((await gql(server.url, CREATE, { t: 'x', b: 'y', s: true }, { token: rita })).data?.createCannedReply.__typename).toBe('ForbiddenError');
      expect(await server.prisma.cannedReply.count()).toBe(count);

      const ritas = (await gql(server.url, LIST, {}, { token: rita })).data?.cannedReplies;
      expect(ritas.map((r: any) => [r.title, r.viewerCanEdit])).toEqual([['Thanks', false], ['Test account', true]]);
      const ivans = (await gql(server.url, LIST, {}, { token: ivan })).data?.cannedReplies;
      expect(ivans.map((r: any) => r.title)).toEqual(['Thanks']);

      // Another reviewer's own reply reads as missing; a shared one is the admins' to edit.
      expect((await gql(server.url, UPDATE, { id: ownId, b: 'hijacked' }, { token: ivan })).data?.updateCannedReply.__typename).toBe('NotFoundError');
      expect((await gql(server.url, DELETE, { id: ownId }, { token: ivan })).data?.deleteCannedReply.__typename).toBe('NotFoundError');
      expect((await gql(server.url, UPDATE, { id: sharedId, b: 'changed' }, { token: rita })).data?.updateCannedReply.__typename).toBe('ForbiddenError');
      const node = await gql(server.url, `query ($id: ID!) { node(id: $id) { id } }`, { id: ownId }, { token: ivan });
      expect(node.data?.node ?? null).toBeNull();
      expect((await server.prisma.cannedReply.findFirstOrThrow({ where: { title: 'Test account' } })).body).toBe('Please add a working test account.');

      expect((await gql(server.url, UPDATE, { id: sharedId, b: 'Thank you — resolved.' }, { token: admin })).data?.updateCannedReply.data.body).toBe('Thank you — resolved.');
      expect((await gql(server.url, UPDATE, { id: ownId, b: 'Add a test account.' }, { token: rita })).data?.updateCannedReply.data.body).toBe('Add a test account.');
      expect((await gql(server.url, DELETE, { id: ownId }, { token: rita })).data?.deleteCannedReply.data).toBe(ownId);
      expect((await gql(server.url, LIST, {}, { token: rita })).data?.cannedReplies.map((r: any) => r.title)).toEqual(['Thanks']);

      // Partners: no list, no writes.
      const partnerList = await gql(server.url, LIST, {}, { token: anna });
      expect(partnerList.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(partnerList)).not.toContain('Thank you');
      expect((await gql(server.url, CREATE, { t: 'x', b: 'y' }, { token: anna })).data?.createCannedReply.__typename).toBe('ForbiddenError');
      expect((await gql(server.url, DELETE, { id: sharedId }, { token: anna })).data?.deleteCannedReply.__typename).toBe('ForbiddenError');
    });

    it('should let a reviewer rename, rewrite and delete only their own reply, and an admin a shared one, within bounds', async () => {
      const RENAME = `mutation ($id: ID!, $t: String, $b: String) { updateCannedReply(id: $id, title: $t, body: $b) { __typename ... on Error { message } ... on MutationUpdateCannedReplySuccess { data { id title body shared } } } }`;
      const create = async (token: string, t: string, shared = false) =>
        (await gql(server.url, CREATE, { t, b: `${t}: the text`, s: shared }, { token })).data?.createCannedReply.data.id as string;
      const ownId = await create(ivan, 'Logo');
      const sharedId = await create(admin, 'Welcome', true);
      const rows = () => server.prisma.cannedReply.findMany({ orderBy: { id: 'asc' }, select: { id: true, title: true, body: true, ownerId: true } });
      const before = await rows();

      // Refusals change nothing: another's own reply, a shared one for a reviewer, a partner, empty or oversized texts.
      const refusals = [
        [RENAME, { id: ownId, t: 'Taken' }, rita, 'NotFoundError'],
        [DELETE, { id: ownId }, admin, 'NotFoundError'],
        [RENAME, { id: sharedId, t: 'Mine now' }, ivan, 'ForbiddenError'],
        [DELETE, { id: sharedId }, rita, 'ForbiddenError'],
        [RENAME, { id: ownId, t: 'x' }, anna, 'ForbiddenError'],
        [RENAME, { id: ownId, t: '   ' }, ivan, 'ValidationError'],
        [RENAME, { id: ownId, t: 'T'.repeat(201) }, ivan, 'ValidationError'],
        [RENAME, { id: ownId, b: 'B'.repeat(10_001) }, ivan, 'ValidationError'],
      ] as const;
      for (const [document, variables, token, expected] of refusals) {
        const result = await gql(server.url, document, variables, { token });
        const payload = result.data?.updateCannedReply ?? result.data?.deleteCannedReply;
        expect({ variables, kind: payload?.__typename ?? result.errors?.[0]?.extensions?.code }).toEqual({ variables, kind: expected });
      }
      expect(await rows()).toEqual(before);

      // The owner renames without touching the text (omitted fields stay), then rewrites it.
      const renamed = await gql(server.url, RENAME, { id: ownId, t: 'Logo: SVG only' }, { token: ivan });
      expect(renamed.data?.updateCannedReply.data).toEqual({ id: ownId, title: 'Logo: SVG only', body: 'Logo: the text', shared: false });
      const rewritten = await gql(server.url, RENAME, { id: ownId, b: 'Please upload the logo as SVG.' }, { token: ivan });
      expect(rewritten.data?.updateCannedReply.data).toMatchObject({ title: 'Logo: SVG only', body: 'Please upload the logo as SVG.' });
      // An admin renames the shared one; everyone sees it.
      await gql(server.url, RENAME, { id: sharedId, t: 'Welcome aboard' }, { token: admin });
      const ritas = (await gql(server.url, LIST, {}, { token: rita })).data?.cannedReplies;
      expect(ritas.find((r: { id: string }) => r.id === sharedId)).toMatchObject({ title: 'Welcome aboard', viewerCanEdit: false });

      expect((await gql(server.url, DELETE, { id: ownId }, { token: ivan })).data?.deleteCannedReply.data).toBe(ownId);
      expect((await gql(server.url, DELETE, { id: sharedId }, { token: admin })).data?.deleteCannedReply.data).toBe(sharedId);
      expect(await server.prisma.cannedReply.count({ where: { title: { in: ['Logo: SVG only', 'Welcome aboard'] } } })).toBe(0);
      // Deleting again reads as missing.
      expect((await gql(server.url, DELETE, { id: ownId }, { token: ivan })).data?.deleteCannedReply.__typename).toBe('NotFoundError');
    });
  });

  describe('presence', () => {
    it('should show who else has the review open, live, and drop them when their socket goes', async () => {
      const ritaClient = ws(rita);
      const ritaSees = collect(ritaClient, PRESENCE, { id: versionId });
      await waitUntil(() => ritaSees.items.some((p) => names(p).join() === 'Rita Reyes'), 10_000, () => JSON.stringify(ritaSees.items));

      const ivanClient = ws(ivan);
      const ivanSees = collect(ivanClient, PRESENCE, { id: versionId });
      await waitUntil(() => ritaSees.items.some((p) => names(p).join() === 'Rita Reyes,Ivan Orlov'), 10_000, () => JSON.stringify(ritaSees.items));
      await waitUntil(() => ivanSees.items.some((p) => names(p).join() === 'Rita Reyes,Ivan Orlov'), 10_000, () => JSON.stringify(ivanSees.items));

      // Ivan's socket closes (the page is gone): Rita sees her alone again.
      await ivanClient.dispose();
      await waitUntil(() => names(ritaSees.items.at(-1)).join() === 'Rita Reyes', 10_000, () => JSON.stringify(ritaSees.items));
      ritaSees.stop();
    });

    it('should refuse presence to partners and to anonymous callers', async () => {
      const partner = collect(ws(anna), PRESENCE, { id: versionId });
      await partner.ended();
      expect(partner.items).toEqual([]);
      expect(JSON.stringify(partner.errors)).toContain('FORBIDDEN');
      const nobody = wsClient(server.url);
      clients.push(nobody);
      const anonymous = collect(nobody, PRESENCE, { id: versionId });
      await anonymous.ended();
      expect(anonymous.items).toEqual([]);
    });

    it('should count presence subscriptions toward the per-connection subscription limit', async () => {
      const client = ws(ivan);
      const held = Array.from({ length: SUBSCRIPTION_LIMITS.perConnection }, () => collect(client, PRESENCE, { id: versionId }));
      await Promise.all(held.map((h) => h.waitFor(1)));
      const refused = collect(client, PRESENCE, { id: versionId });
      await refused.ended();
      expect(JSON.stringify(refused.errors)).toContain(TOO_MANY_SUBSCRIPTIONS);
      for (const h of held) h.stop();
    });
  });

  describe('updates against the live version', () => {
    it('should give the first round of an update its changes since the live version, and none to a new app', async () => {
      const query = `query ($id: ID!) { node(id: $id) { ... on AppVersion {
        changesSinceLive { liveVersion changes { path old new } }
        rounds { number changesSinceLive { liveVersion changes { path } } }
      } } }`;
      for (const token of [rita, anna]) {
        const update = (await gql(server.url, query, { id: versionId }, { token })).data?.node;
        expect(update.changesSinceLive.liveVersion).toBe('1.0');
        const paths = update.changesSinceLive.changes.map((c: any) => c.path);
        expect(paths).toContain('manifest.version');
        expect(update.changesSinceLive.changes.find((c: any) => c.path === 'manifest.version')).toMatchObject({ old: '1.0', new: '1.1' });
        expect(update.rounds[0].changesSinceLive.changes.map((c: any) => c.path)).toEqual(paths);
      }
      const fresh = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-push' } } });
      const none = (await gql(server.url, query, { id: globalId('AppVersion', fresh.id) }, { token: rita })).data?.node;
      expect(none.changesSinceLive).toBeNull();
      expect(none.rounds[0].changesSinceLive).toBeNull();
    });

    it('should record only the manifest fields that changed', async () => {
      const draft = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-stats' }, status: 'DRAFT' }, include: { scopes: true } });
      const manifest = {
        version: draft.version,
        changelog: `${draft.changelog} Now with weekly reports.`,
        minApiVersion: draft.minApiVersion,
        connectionUrl: draft.connectionUrl ?? '',
        simpleConnection: draft.simpleConnection,
        scopes: draft.scopes.map((s) => ({ key: s.scopeKey, justification: s.justification, pollingIntervalSeconds: s.pollingIntervalSeconds })),
      };
      const UPDATE = `mutation ($v: ID!, $m: ManifestInput!) { updateVersion(versionId: $v, manifest: $m) { __typename } }`;
      const id = globalId('AppVersion', draft.id);
      expect((await gql(server.url, UPDATE, { v: id, m: manifest }, { token: anna })).data?.updateVersion.__typename).toBe('MutationUpdateVersionSuccess');
      const events = () => server.prisma.event.findMany({ where: { versionId: draft.id, type: 'version.updated' }, orderBy: { id: 'asc' } });
      const recorded = await events();
      expect(recorded.at(-1)?.payload).toEqual({ version: draft.version, changed: ['changelog'] });
      // The same form sent again changes nothing and records nothing.
      await gql(server.url, UPDATE, { v: id, m: manifest }, { token: anna });
      expect((await events()).length).toBe(recorded.length);
      const scopes = await server.prisma.requestedScope.findMany({ where: { versionId: draft.id } });
      expect(scopes.length).toBe(draft.scopes.length);
    });
  });
});

const available = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(available)('presence across two instances sharing Redis', () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { REDIS_URL };
    first = await startTestServer({ databaseUrl: database.url, env });
    second = await startTestServer({ databaseUrl: database.url, env });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await first?.stop();
    await second?.stop();
    await database?.drop();
  });

  it('should show a reviewer on one instance to a reviewer on the other, with a bounded TTL in Redis', async () => {
    const version = await first.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-pay' }, status: 'IN_REVIEW' } });
    const id = globalId('AppVersion', version.id);
    const [rita, ivan] = await Promise.all([login(first.url, 'rita@vetline.dev'), login(second.url, 'ivan@vetline.dev')]);
    const onFirst = wsClient(first.url, { authorization: `Bearer ${rita}` });
    const onSecond = wsClient(second.url, { authorization: `Bearer ${ivan}` });
    clients.push(onFirst, onSecond);
    const ritaSees = collect(onFirst, PRESENCE, { id });
    await waitUntil(() => names(ritaSees.items.at(-1)).join() === 'Rita Reyes', 10_000, () => JSON.stringify(ritaSees.items));
    const ivanSees = collect(onSecond, PRESENCE, { id });
    await waitUntil(() => names(ritaSees.items.at(-1)).join() === 'Rita Reyes,Ivan Orlov', 10_000, () => JSON.stringify(ritaSees.items));
    await waitUntil(() => names(ivanSees.items.at(-1)).join() === 'Rita Reyes,Ivan Orlov', 10_000, () => JSON.stringify(ivanSees.items));

    const redis = new Redis(REDIS_URL);
    try {
      const ttl = await redis.pttl(`${deploymentNamespace(database.url, '')}:presence:${version.id}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(PRESENCE_TTL_MS);
    } finally {
      redis.disconnect();
    }

    await onSecond.dispose();
    await waitUntil(() => names(ritaSees.items.at(-1)).join() === 'Rita Reyes', 10_000, () => JSON.stringify(ritaSees.items));
  });
});

function names(update: Record<string, any> | undefined): string[] {
  return (update?.viewers ?? []).map((v: { name: string }) => v.name);
}

/** A POST whose raw body is kept, to prove a text appears nowhere in it. */
async function fetchRaw(baseUrl: string, token: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, text: await response.text() };
}
