import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId, gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';

// postComment is one statement when it can be (no Idempotency-Key, a body within bounds): these
// check that it keeps every rule of the step-by-step transaction it replaced.

const POST = `mutation Post($threadId: ID!, $body: String!) {
  postComment(threadId: $threadId, body: $body) {
    __typename
    ... on Error { message }
    ... on ActionRefused { reasons { code message } }
    ... on ValidationError { problems { field message } }
    ... on MutationPostCommentSuccess { data { id body createdAt author { id name } } }
  }
}`;

describe.each(await serverBackends())('postComment on %s', async (backend) => {
  let server: TestServer;
  let rita: string;
  let anna: string;
  let olga: string;
  const statements: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend, onQuery: (sql) => statements.push(sql) });
    [rita, anna, olga] = await Promise.all([login(server.url, 'rita@vetline.dev'), login(server.url, 'anna@acme.dev'), login(server.url, 'olga@nordlys.dev')]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A new open thread on one of acme's versions, made directly in the database. */
  async function acmeThread() {
    const version = await server.prisma.appVersion.findFirstOrThrow({ where: { app: { partner: { slug: 'acme' } } }, include: { app: true } });
    const author = await server.prisma.user.findUniqueOrThrow({ where: { email: 'rita@vetline.dev' } });
    const thread = await server.prisma.thread.create({ data: { versionId: version.id, anchor: 'GENERAL', title: 'Crash on start', blocking: true, authorId: author.id } });
    return { thread, version, id: globalId('Thread', thread.id) };
  }

  const post = (token: string, threadId: string, body: string) => gql(server.url, POST, { threadId, body }, { token });
  const counts = async (threadId: string) => ({
    comments: await server.prisma.comment.count({ where: { threadId } }),
    events: await server.prisma.event.count(),
  });

  it('should post in one statement and answer with the stored comment, its author and its event', async () => {
    const { thread, version, id } = await acmeThread();
    statements.length = 0;
    const response = await post(rita, id, '  Still crashes on start  ');
    const sent = [...statements];
    expect(response.errors).toBeUndefined();
    const { data } = response.data!.postComment;
    const stored = await server.prisma.comment.findUniqueOrThrow({ where: { id: data.id }, include: { author: true } });
    expect(data).toEqual({ id: stored.id, body: 'Still crashes on start', createdAt: stored.createdAt.toISOString(), author: { id: globalId('User', stored.authorId), name: 'Rita Reyes' } });
    expect(stored.threadId).toBe(thread.id);
    // The comment with its event in one statement: no transaction around it, nothing read again
    // (the session is read before it; the live feed reads the log after it).
    expect(sent.filter((sql) => /^(BEGIN|COMMIT)/i.test(sql))).toEqual([]);
    expect(sent.filter((sql) => sql.includes('"Comment"') || sql.includes('"Thread"'))).toHaveLength(1);
    const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'thread.comment_posted' }, orderBy: { id: 'desc' } });
    expect(event).toMatchObject({
      appId: version.appId,
      versionId: version.id,
      partnerId: version.app.partnerId,
      actorId: stored.authorId,
      payload: { threadId: thread.id, commentId: stored.id },
    });
  });

  it('should let the owning partner comment and keep other partners out, changing nothing', async () => {
    const { thread, id } = await acmeThread();
    expect((await post(anna, id, 'Fixed in 1.2.1')).data!.postComment.__typename).toBe('MutationPostCommentSuccess');
    const before = await counts(thread.id);
    const refused = await post(olga, id, 'hi');
    expect(refused.data!.postComment).toEqual({ __typename: 'NotFoundError', message: 'No such thread' });
    const missing = await post(rita, globalId('Thread', 'no-such-thread'), 'hi');
    expect(missing.data!.postComment.__typename).toBe('NotFoundError');
    expect(await counts(thread.id)).toEqual(before);
  });

  it('should refuse a resolved thread with the thread rule’s reason, changing nothing', async () => {
    const { thread, id } = await acmeThread();
    expect((await gql(server.url, `mutation { resolveThread(threadId: "${id}") { __typename } }`, {}, { token: rita })).data!.resolveThread.__typename).toBe(
      'MutationResolveThreadSuccess',
    );
    const before = await counts(thread.id);
    for (const token of [rita, anna]) {
      const refused = await post(token, id, 'One more thing');
      expect(refused.data!.postComment).toMatchObject({ __typename: 'InvalidStatusError', reasons: [{ code: 'WRONG_STATUS', message: 'The thread is resolved' }] });
    }
    // A stranger still learns nothing about the thread, resolved or not.
    expect((await post(olga, id, 'hi')).data!.postComment.__typename).toBe('NotFoundError');
    expect(await counts(thread.id)).toEqual(before);
  });

  it('should check the body after the thread, as before', async () => {
    const { thread, id } = await acmeThread();
    const empty = await post(rita, id, '   ');
    expect(empty.data!.postComment).toMatchObject({ __typename: 'ValidationError', problems: [{ field: 'body', message: 'is required' }] });
    expect((await post(olga, id, '   ')).data!.postComment.__typename).toBe('NotFoundError');
    expect(await server.prisma.comment.count({ where: { threadId: thread.id } })).toBe(0);
  });

  it('should order comments racing a resolve: each commits before the resolve, or is refused after it', async () => {
    const { thread, id } = await acmeThread();
    const resolve = gql(server.url, `mutation { resolveThread(threadId: "${id}") { __typename } }`, {}, { token: rita });
    const comments = await Promise.all(Array.from({ length: 12 }, (_, i) => post(i % 2 ? anna : rita, id, `Comment ${i}`)));
    expect((await resolve).data!.resolveThread.__typename).toBe('MutationResolveThreadSuccess');
    const kinds = comments.map((c) => c.data!.postComment.__typename);
    expect(kinds.every((k) => k === 'MutationPostCommentSuccess' || k === 'InvalidStatusError')).toBe(true);
    const posted = kinds.filter((k) => k === 'MutationPostCommentSuccess').length;
    expect(await server.prisma.comment.count({ where: { threadId: thread.id } })).toBe(posted);
    // One event per stored comment, all before the resolve in the log (commit order).
    const events = await server.prisma.event.findMany({ where: { payload: { path: ['threadId'], equals: thread.id } }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual([...Array<string>(posted).fill('thread.comment_posted'), 'thread.resolved']);
  });
});
