import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';
import { collect, wsClient } from './helpers/ws.js';

// A partner's inbox: the events of its apps meant for it (status changes, threads, comments),
// counted unread until the user marks them read; the read position is kept on the server.

const INBOX = `{ inbox { unreadCount items(first: 50) { hasMore items {
  cursor read event { type actor { name } } app { code } version { id version } thread { id title }
} } } }`;

interface InboxItem {
  cursor: string;
  read: boolean;
  event: { type: string; actor: { name: string } | null };
  app: { code: string } | null;
  version: { id: string; version: string } | null;
  thread: { id: string; title: string } | null;
}

const dbId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

describe.each(await serverBackends())('the partner inbox on %s', async (backend) => {
  let server: TestServer;
  let anna: string;
  let max: string;
  let olga: string;
  let rita: string;
  let acmeThread: string;
  let acmePartner: string;
  let nordlysPartner: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    [anna, max, olga, rita] = await Promise.all([
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'max@acme.dev'),
      login(server.url, 'olga@nordlys.dev'),
      login(server.url, 'rita@vetline.dev'),
    ]);
    const app = await gql(server.url, `{ app(code: "acme-pay") { partner { id } versions { version threads { id status } } } }`, {}, { token: anna });
    acmePartner = app.data!.app.partner.id;
    acmeThread = app.data!.app.versions.find((v: { version: string }) => v.version === '1.1').threads[0].id;
    const nordlys = await gql(server.url, `{ app(code: "nordlys-crm") { partner { id } } }`, {}, { token: olga });
    nordlysPartner = nordlys.data!.app.partner.id;
    // Start every inbox from "all read", so each test counts what it causes.
    for (const token of [anna, max, olga]) await markAll(token);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function inbox(token: string): Promise<{ unreadCount: number; items: InboxItem[] }> {
    const result = await gql(server.url, INBOX, {}, { token });
    expect(result.errors).toBeUndefined();
    return { unreadCount: result.data!.inbox.unreadCount, items: result.data!.inbox.items.items };
  }
  async function markAll(token: string) {
    const result = await gql(server.url, `mutation { markInboxAllRead { unreadCount } }`, {}, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.markInboxAllRead.unreadCount as number;
  }
  async function markOne(token: string, cursor: string) {
    const result = await gql(
      server.url,
      `mutation ($cursor: String!) { markInboxRead(cursor: $cursor) { __typename ... on Error { message } ... on MutationMarkInboxReadSuccess { data { unreadCount } } } }`,
      { cursor },
      { token },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.markInboxRead;
  }
  async function comment(token: string, body: string) {
    const result = await gql(
      server.url,
      `mutation ($threadId: ID!, $body: String!) { postComment(threadId: $threadId, body: $body) { __typename } }`,
      { threadId: acmeThread, body },
      { token },
    );
    expect(result.data?.postComment.__typename).toBe('MutationPostCommentSuccess');
  }

  it('should count a reviewer comment for every member of the partner, and not for another partner', async () => {
    expect((await inbox(anna)).unreadCount).toBe(0);
    await comment(rita, 'Please attach a chargeback screenshot.');

    const annas = await inbox(anna);
    expect(annas.unreadCount).toBe(1);
    const [newest] = annas.items;
    expect(newest).toMatchObject({ read: false, event: { type: 'thread.comment_posted', actor: { name: 'Rita Reyes' } }, app: { code: 'acme-pay' } });
    expect(newest!.version?.version).toBe('1.1');
    expect(newest!.thread?.id).toBe(acmeThread);
    expect((await inbox(max)).unreadCount).toBe(1);
    const olgas = await inbox(olga);
    expect(olgas.unreadCount).toBe(0);
    expect(olgas.items.some((item) => item.app?.code.startsWith('acme'))).toBe(false);
  });

  it("should not count the user's own actions", async () => {
    const before = (await inbox(anna)).unreadCount;
    await comment(anna, 'Screenshot attached.');
    expect((await inbox(anna)).unreadCount).toBe(before);
    // …but a teammate hears it.
    expect((await inbox(max)).unreadCount).toBe(2);
  });

  it('should mark one item read and keep it read, and refuse an item of another partner with nothing stored', async () => {
    const { items, unreadCount } = await inbox(anna);
    const unread = items.find((item) => !item.read)!;
    const marked = await markOne(anna, unread.cursor);
    expect(marked).toEqual({ __typename: 'MutationMarkInboxReadSuccess', data: { unreadCount: unreadCount - 1 } });
    expect((await inbox(anna)).items.find((item) => item.cursor === unread.cursor)?.read).toBe(true);
    // Kept on the server: a new session reads the same.
    const again = await login(server.url, 'anna@acme.dev');
    expect((await inbox(again)).unreadCount).toBe(unreadCount - 1);

    // Olga cannot mark (or learn of) Acme's items.
    const marks = await server.prisma.inboxRead.count();
    expect(await markOne(olga, unread.cursor)).toEqual({ __typename: 'NotFoundError', message: 'No such inbox item' });
    expect(await markOne(olga, 'not-a-cursor')).toEqual({ __typename: 'NotFoundError', message: 'No such inbox item' });
    expect(await server.prisma.inboxRead.count()).toBe(marks);
  });

  it('should mark everything read at once', async () => {
    await comment(rita, 'One more thing.');
    expect((await inbox(max)).unreadCount).toBeGreaterThan(0);
    expect(await markAll(max)).toBe(0);
    expect((await inbox(max)).items.every((item) => item.read)).toBe(true);
    // Anna's read position is her own.
    expect((await inbox(anna)).unreadCount).toBe(1);
  });

  it('should leave staff-only events out of the inbox, its count and its live stream', async () => {
    await markAll(anna);
    // From a cursor: the stream replays everything after it, so no wait for the subscription to start.
    const last = await server.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const client = wsClient(server.url, { authorization: `Bearer ${anna}` });
    const stream = collect(client, `subscription ($p: ID!, $after: String) { inboxEvents(partnerId: $p, after: $after) { cursor type } }`, {
      p: acmePartner,
      after: last.id.toString(),
    });
    try {
      const version = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: 'acme-pay' }, version: '1.1' } });
      // A staff-only event about Acme's version (as a private staff note is): no partner, so no partner reads it.
      await server.prisma.event.create({
        data: { type: 'thread.comment_posted', appId: version.appId, versionId: version.id, partnerId: null, actorId: null, payload: { threadId: dbId(acmeThread), commentId: 'x' } },
      });
      await comment(rita, 'Visible to the partner.');
      const [delivered] = await stream.waitFor(1);
      expect(delivered).toMatchObject({ type: 'thread.comment_posted' });
      const annas = await inbox(anna);
      expect(annas.unreadCount).toBe(1);
      expect(annas.items.filter((item) => !item.read).map((item) => item.cursor)).toEqual([delivered!.cursor]);
      // The staff-only event, older than the comment, never came over the stream either.
      expect(stream.items).toHaveLength(1);
    } finally {
      stream.stop();
      await client.dispose();
    }
  });

  it("should refuse the live stream of another partner's inbox", async () => {
    const client = wsClient(server.url, { authorization: `Bearer ${anna}` });
    const stream = collect(client, `subscription ($p: ID!) { inboxEvents(partnerId: $p) { cursor } }`, { p: nordlysPartner });
    try {
      await stream.ended();
      expect(JSON.stringify(stream.errors)).toContain('No such partner');
    } finally {
      await client.dispose();
    }
  });

  it('should give staff an empty inbox', async () => {
    expect(await inbox(rita)).toEqual({ unreadCount: 0, items: [] });
  });
});
