import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/src/auth/passwords.js';
import { RECENT_EVENTS, REPLAY_PAGE } from '../server/src/events/live.js';
import { subjectPartners } from '../server/src/events/subjects.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { collect, waitUntil, wsClient } from './helpers/ws.js';

// Live delivery executes each event once per audience and writes the same bytes to every socket of
// it: these tests prove no viewer gets another's data, revocation still applies at the next event,
// and catch-up in pages is exact.

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('live delivery once per audience', () => {
  let server: TestServer;
  /** Every SQL statement the server has sent. */
  const sql: string[] = [];
  const tokens: Record<string, string> = {};
  const clients: ReturnType<typeof wsClient>[] = [];
  const client = (who: string) => {
    const c = wsClient(server.url, { authorization: `Bearer ${tokens[who]}` });
    clients.push(c);
    return c;
  };
  let versionId: string;
  let threadId: string;
  let version: { id: string; appId: string; app: { partnerId: string } };
  const latest = async () => (await server.prisma.event.findFirstOrThrow({ orderBy: { id: 'desc' } })).id.toString();
  const comment = (who: string, body: string) =>
    gql(server.url, `mutation ($t: ID!, $b: String!) { postComment(threadId: $t, body: $b) { __typename } }`, { t: threadId, b: body }, { token: tokens[who] });

  beforeAll(async () => {
    server = await startTestServer({ onQuery: (q) => sql.push(q) });
    // Mia: a second plain member of Acme, in the same audience as Max.
    const acme = await server.prisma.partner.findUniqueOrThrow({ where: { slug: 'acme' } });
    await server.prisma.user.create({
      data: { email: 'mia@acme.dev', name: 'Mia Member', passwordHash: await hashPassword('mia-password'), memberships: { create: { partnerId: acme.id, role: 'MEMBER' } } },
    });
    const emails = ['anna@acme.dev', 'max@acme.dev', 'rita@vetline.dev', 'ivan@vetline.dev', 'admin@vetline.dev', 'olga@nordlys.dev'];
    await Promise.all(emails.map(async (email) => (tokens[email.split('@')[0]!] = await login(server.url, email))));
    tokens.mia = await login(server.url, 'mia@acme.dev', 'mia-password');
    const found = await server.prisma.appVersion.findFirstOrThrow({
      where: { app: { code: 'acme-pay' }, status: 'IN_REVIEW' },
      include: { threads: { where: { status: 'OPEN' } }, app: { select: { partnerId: true } } },
    });
    version = found;
    versionId = globalId('AppVersion', found.id);
    threadId = globalId('Thread', found.threads[0]!.id);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
  });

  it('should give each viewer of the same document only what it may see', async () => {
    const DOCUMENT = `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor actor { name email memberships { role partner { slug } } } } }`;
    const viewers = ['anna', 'max', 'mia', 'rita', 'ivan', 'admin'] as const;
    // From the current cursor: nothing is missed however long subscribing takes.
    const after = await latest();
    const feeds = Object.fromEntries(viewers.map((who) => [who, collect(client(who), DOCUMENT, { id: versionId, after })]));
    await comment('anna', 'from the owner');
    await comment('rita', 'from the reviewer');
    const seen = async (who: (typeof viewers)[number]) => {
      await waitUntil(() => feeds[who]!.items.length + feeds[who]!.errors.length >= 2, 10_000, () => `${who} got ${JSON.stringify(feeds[who])}`);
      return JSON.stringify(feeds[who]!.items) + JSON.stringify(feeds[who]!.errors);
    };
    // The actor sees their own e-mail and memberships; other members do not; staff see them all.
    expect(await seen('anna')).toContain('anna@acme.dev');
    expect(await seen('anna')).not.toContain('rita@vetline.dev');
    for (const member of ['max', 'mia'] as const) {
      const text = await seen(member);
      expect(text).not.toContain('anna@acme.dev');
      expect(text).not.toContain('rita@vetline.dev');
    }
    for (const staff of ['rita', 'ivan', 'admin'] as const) {
      const text = await seen(staff);
      expect(text).toContain('anna@acme.dev');
      expect(text).toContain('rita@vetline.dev');
    }
    // Max and Mia share an audience: the very same result.
    expect(feeds.max!.items).toEqual(feeds.mia!.items);
    for (const feed of Object.values(feeds)) feed.stop();
  });

  it("should keep another partner's viewer on its own stream while both streams are live", async () => {
    const nordlys = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { partner: { slug: 'nordlys' } } } });
    const olga = collect(client('olga'), `subscription ($id: ID!) { reviewEvents(versionId: $id) { cursor } }`, { id: globalId('AppVersion', nordlys.id) });
    const max = collect(client('max'), `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor } }`, { id: versionId, after: await latest() });
    await settle();
    await comment('rita', 'acme only');
    await max.waitFor(1);
    await settle();
    expect(olga.items).toEqual([]);
    expect(olga.errors).toEqual([]);
    olga.stop();
    max.stop();
  });

  it('should end only the revoked viewer at the next event while the rest of its audience keeps receiving', async () => {
    const DOCUMENT = `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor type } }`;
    const after = await latest();
    const [max, mia, ivan, rita] = ['max', 'mia', 'ivan', 'rita'].map((who) => collect(client(who), DOCUMENT, { id: versionId, after }));
    await comment('anna', 'one');
    await Promise.all([max!.waitFor(1), mia!.waitFor(1), ivan!.waitFor(1), rita!.waitFor(1)]);
    // Mia leaves Acme and Ivan is no longer staff: straight in the database, as an admin tool would.
    await server.prisma.membership.deleteMany({ where: { user: { email: 'mia@acme.dev' } } });
    await server.prisma.user.update({ where: { email: 'ivan@vetline.dev' }, data: { staffRole: null } });
    await comment('anna', 'two');
    await Promise.all([max!.waitFor(2), rita!.waitFor(2), mia!.ended(), ivan!.ended()]);
    for (const revoked of [mia!, ivan!]) {
      expect(revoked.items).toHaveLength(1);
      expect(JSON.stringify(revoked.errors)).toContain('revoked');
    }
    await comment('anna', 'three');
    await Promise.all([max!.waitFor(3), rita!.waitFor(3)]);
    expect(max!.errors).toEqual([]);
    max!.stop();
    rita!.stop();
  });

  it('should resume exactly across catch-up pages while new events commit, then go live', async () => {
    const DOCUMENT = `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor } }`;
    const from = BigInt(await latest());
    // More than two pages of history, committed as `recordEvent` does (ids in commit order).
    const backlog = REPLAY_PAGE * 2 + 345;
    await server.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707371)`;
      await tx.event.createMany({
        data: Array.from({ length: backlog }, (_, i) => ({
          type: 'version.updated',
          appId: version.appId,
          versionId: version.id,
          partnerId: version.app.partnerId,
          actorId: null,
          payload: { version: '1.1.0', changed: [`field ${i}`] },
        })),
      });
    });
    const writes = 6;
    let written = 0;
    const writer = (async () => {
      for (; written < writes; written++) await comment('anna', `while catching up ${written}`);
    })();
    await waitUntil(() => written >= 1, 10_000, () => 'writer stalled');
    const feed = collect(client('max'), DOCUMENT, { id: versionId, after: String(from) });
    await writer;
    const stored = async () => (await server.prisma.event.findMany({ where: { versionId: version.id, id: { gt: from } }, orderBy: { id: 'asc' }, select: { id: true } })).map((e) => e.id.toString());
    const expected = await stored();
    expect(expected.length).toBe(backlog + writes);
    await feed.waitFor(expected.length, 30_000);
    await settle();
    expect(feed.items.map((e) => e.cursor)).toEqual(expected);
    // …and then live, without a gap.
    await comment('rita', 'live after the catch-up');
    await feed.waitFor(expected.length + 1);
    expect(feed.items.map((e) => e.cursor)).toEqual(await stored());
    expect(feed.errors).toEqual([]);
    feed.stop();
  });

  it('should replay a backlog with its actors read with each page, not once per event', async () => {
    const DOCUMENT = `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor actor { name } } }`;
    const from = BigInt(await latest());
    const [rita, anna] = await Promise.all(['rita@vetline.dev', 'anna@acme.dev'].map((email) => server.prisma.user.findUniqueOrThrow({ where: { email } })));
    const backlog = REPLAY_PAGE + 250;
    // Live before the backlog commits: once it hears the comment after it, the feed has handed the
    // backlog over, and the hub keeps only the newest RECENT_EVENTS of it: the replay reads the log.
    const probe = collect(client('anna'), `subscription ($id: ID!) { reviewEvents(versionId: $id) { type } }`, { id: versionId });
    await settle();
    await server.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707371)`;
      await tx.event.createMany({
        data: Array.from({ length: backlog }, (_, i) => ({
          type: 'thread.comment_posted',
          appId: version.appId,
          versionId: version.id,
          partnerId: version.app.partnerId,
          // Two actors and the system, so each row's own actor must come with it.
          actorId: [rita!.id, anna!.id, null][i % 3]!,
          payload: { threadId: 'replayed', commentId: `c${i}` },
        })),
      });
    });
    await comment('rita', 'after the backlog');
    await probe.waitFor(backlog + 1, 30_000);
    probe.stop();
    expect(backlog).toBeGreaterThan(RECENT_EVENTS);
    const before = sql.length;
    const feed = collect(client('max'), DOCUMENT, { id: versionId, after: String(from) });
    await feed.waitFor(backlog + 1, 30_000);
    const replay = sql.slice(before);
    expect(feed.items.slice(0, backlog).map((e) => e.actor?.name ?? null)).toEqual(Array.from({ length: backlog }, (_, i) => [rita!.name, anna!.name, null][i % 3]));
    // One read per page of REPLAY_PAGE, actors joined; no event or actor read again one by one.
    // One read per page of the stream, actors joined (the feed's own reads, of every stream, aside).
    const eventReads = replay.filter((q) => /FROM "(public"\.")?Event"/.test(q) && q.includes('"versionId" = '));
    expect(eventReads.length).toBe(Math.ceil((backlog + 1) / REPLAY_PAGE));
    expect(eventReads.every((q) => q.includes('LEFT JOIN "User" u ON u.id = e."actorId"'))).toBe(true);
    expect(replay.filter((q) => /FROM "(public"\.")?User"/.test(q))).toEqual([]);
    expect(feed.errors).toEqual([]);
    feed.stop();
  });

  it('should resume among the newest events from memory, exactly, without reading the log', async () => {
    const DOCUMENT = `subscription ($id: ID!, $after: String) { reviewEvents(versionId: $id, after: $after) { cursor type } }`;
    const live = collect(client('anna'), DOCUMENT, { id: versionId });
    await settle();
    const from = await latest();
    for (const body of ['one', 'two', 'three']) await comment('rita', body);
    await live.waitFor(3);
    const before = sql.length;
    // A blip: the page comes back with the cursor it had before the three comments.
    const resumed = collect(client('max'), DOCUMENT, { id: versionId, after: from });
    await resumed.waitFor(3);
    await comment('rita', 'four');
    await resumed.waitFor(4);
    await live.waitFor(4);
    await settle();
    expect(resumed.items).toEqual(live.items);
    expect(sql.slice(before).filter((q) => /FROM "(public"\.")?Event"/.test(q) && q.includes('"versionId" = '))).toEqual([]);
    live.stop();
    resumed.stop();
  });

  it('should check the subjects of subscriptions opened together in one statement, and remember those found', async () => {
    const other = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { code: { not: 'acme-pay' } } }, include: { app: true } });
    const before = sql.length;
    const ids = [version.id, other.id, 'no-such-version', ...Array.from({ length: 40 }, () => version.id)];
    const partners = await Promise.all(ids.map((id) => subjectPartners(server.prisma).version(id)));
    expect(sql.slice(before).filter((q) => q.includes('FROM "AppVersion"')).length).toBe(1);
    expect(partners.slice(0, 3)).toEqual([version.app.partnerId, other.app.partnerId, undefined]);
    expect(new Set(partners.slice(3))).toEqual(new Set([version.app.partnerId]));
    // A subject's partner never changes: found once, it is not read again; one not found is.
    const again = sql.length;
    expect(await subjectPartners(server.prisma).version(other.id)).toBe(other.app.partnerId);
    expect(sql.slice(again).filter((q) => q.includes('FROM "AppVersion"'))).toEqual([]);
    expect(await subjectPartners(server.prisma).version('no-such-version')).toBeUndefined();
    expect(sql.slice(again).filter((q) => q.includes('FROM "AppVersion"')).length).toBe(1);
  });

  it('should deliver over server-sent events too, one subscriber at a time', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${tokens.max}` },
      body: JSON.stringify({ query: `subscription ($id: ID!) { reviewEvents(versionId: $id) { type actor { name } } }`, variables: { id: versionId } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })().catch(() => {});
    await settle();
    await comment('rita', 'over SSE');
    await waitUntil(() => text.includes('thread.comment_posted'), 10_000, () => `SSE got ${text}`);
    expect(text).toContain('Rita Reyes');
    controller.abort();
    await reading;
  });
});
