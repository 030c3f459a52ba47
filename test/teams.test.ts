import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globalId, gql, login } from './helpers/graphql.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';
import { collect, wsClient } from './helpers/ws.js';

// Partner teams against a real server (demo marketplace) and a real SMTP receiver.

interface ReceivedMail {
  to: string[];
  raw: string;
}

/** An SMTP server on a free port that keeps every message it is handed. */
async function startMailReceiver() {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

/** The body of a plain-text mail, with quoted-printable soft breaks and escapes undone. */
const bodyOf = (raw: string) =>
  raw
    .slice(raw.indexOf('\r\n\r\n') + 4)
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const RESULT = `__typename ... on Error { message } ... on ActionRefused { reasons { code } }`;

describe.each(await serverBackends())('partner teams on %s', (backend) => {
  let server: TestServer;
  let mail: Awaited<ReturnType<typeof startMailReceiver>>;
  let anna: string;
  let max: string;
  let olga: string;
  let rita: string;
  let acmeId: string;
  const clients: ReturnType<typeof wsClient>[] = [];

  beforeAll(async () => {
    mail = await startMailReceiver();
    server = await startTestServer({ backend, env: { SMTP_URL: mail.url, VETLINE_MAIL_FROM: 'Vetline Test <team@vetline.test>' } });
    [anna, max, olga, rita] = await Promise.all([
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'max@acme.dev'),
      login(server.url, 'olga@nordlys.dev'),
      login(server.url, 'rita@vetline.dev'),
    ]);
    acmeId = globalId('Partner', (await server.prisma.partner.findUniqueOrThrow({ where: { slug: 'acme' } })).id);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
    await mail?.close();
  });

  const invite = (token: string, email: string, role = 'MEMBER') =>
    gql(
      server.url,
      `mutation ($p: ID!, $e: String!, $r: MemberRole) {
        inviteMember(partnerId: $p, email: $e, role: $r) { ${RESULT} ... on MutationInviteMemberSuccess { data { link mailSent invitation { id email role status } } } }
      }`,
      { p: acmeId, e: email, r: role },
      { token },
    ).then((r) => r.data!.inviteMember);

  const signUp = (token: string, name = 'Nina New', password = 'a-long-password') =>
    gql(
      server.url,
      `mutation ($t: String!, $n: String!, $p: String!) {
        signUpWithInvitation(token: $t, name: $n, password: $p) { ${RESULT} ... on MutationSignUpWithInvitationSuccess { data { token } } }
      }`,
      { t: token, n: name, p: password },
    ).then((r) => r.data!.signUpWithInvitation);

  const accept = (token: string, session: string) =>
    gql(
      server.url,
      `mutation ($t: String!) { acceptInvitation(token: $t) { ${RESULT} ... on MutationAcceptInvitationSuccess { data { role partner { slug } } } } }`,
      { t: token },
      { token: session },
    ).then((r) => r.data!.acceptInvitation);

  const changeRole = (session: string, userId: string, role: string) =>
    gql(
      server.url,
      `mutation ($p: ID!, $u: ID!, $r: MemberRole!) { changeMemberRole(partnerId: $p, userId: $u, role: $r) { ${RESULT} ... on MutationChangeMemberRoleSuccess { data { role } } } }`,
      { p: acmeId, u: userId, r: role },
      { token: session },
    ).then((r) => r.data!.changeMemberRole);

  const remove = (session: string, userId: string) =>
    gql(
      server.url,
      `mutation ($p: ID!, $u: ID!) { removeMember(partnerId: $p, userId: $u) { ${RESULT} ... on MutationRemoveMemberSuccess { data { userId left } } } }`,
      { p: acmeId, u: userId },
      { token: session },
    ).then((r) => r.data!.removeMember);

  const userId = async (email: string) => globalId('User', (await server.prisma.user.findUniqueOrThrow({ where: { email } })).id);
  const tokenOf = (link: string) => link.slice(link.indexOf('#') + 1);
  /** What a refusal must leave as it was. */
  const snapshot = async () => ({
    users: await server.prisma.user.count(),
    memberships: await server.prisma.membership.findMany({ orderBy: { id: 'asc' } }),
    invitations: await server.prisma.invitation.findMany({ orderBy: { id: 'asc' } }),
    events: await server.prisma.event.count(),
  });
  const acmeAppCodes = async () =>
    (await server.prisma.app.findMany({ where: { partner: { slug: 'acme' }, deletedAt: null }, select: { code: true } })).map((a) => a.code).sort();

  it('should mail an invitation link, let the invitee sign up through it and see the partner’s apps', async () => {
    const invited = await invite(anna, '  Nina.New@Example.com ');
    expect(invited.__typename).toBe('MutationInviteMemberSuccess');
    const { link, mailSent, invitation } = invited.data;
    expect(mailSent).toBe(true);
    expect(invitation).toMatchObject({ email: 'nina.new@example.com', role: 'MEMBER', status: 'PENDING' });
    expect(link).toMatch(new RegExp(`^${server.url}/invitation#`));

    // The receiver got it, addressed to the invitee, with the same link.
    const message = mail.received.find((m) => m.to.includes('nina.new@example.com'));
    expect(message).toBeDefined();
    expect(message!.raw).toContain('From: Vetline Test <team@vetline.test>');
    expect(bodyOf(message!.raw)).toContain(link);

    // Only a hash of the link's secret is stored.
    const token = tokenOf(link);
    const secret = token.split('.')[1]!;
    const stored = await server.prisma.invitation.findUniqueOrThrow({ where: { id: token.split('.')[0]! } });
    expect(Buffer.from(stored.secretHash).toString('utf8')).not.toContain(secret);
    expect(Buffer.from(stored.secretHash).toString('base64url')).not.toBe(secret);

    // Anyone holding the link may preview it; a forged secret for the same id names nothing.
    const preview = await gql(server.url, `query ($t: String!) { invitation(token: $t) { partnerName email role status } }`, { t: token });
    expect(preview.data!.invitation).toEqual({ partnerName: 'Acme Apps', email: 'nina.new@example.com', role: 'MEMBER', status: 'PENDING' });
    const forged = await gql(server.url, `query ($t: String!) { invitation(token: $t) { email } }`, { t: `${token.split('.')[0]}.${'x'.repeat(secret.length)}` });
    expect(forged.data!.invitation).toBeNull();

    const signedUp = await signUp(token);
    expect(signedUp.__typename).toBe('MutationSignUpWithInvitationSuccess');
    const nina = signedUp.data.token as string;
    const apps = await gql(server.url, `{ apps(first: 50) { edges { node { code } } } viewer { ... on User { name memberships { role partner { slug } } } } }`, {}, { token: nina });
    expect(apps.data!.viewer).toEqual({ name: 'Nina New', memberships: [{ role: 'MEMBER', partner: { slug: 'acme' } }] });
    expect(apps.data!.apps.edges.map((e: { node: { code: string } }) => e.node.code).sort()).toEqual(await acmeAppCodes());

    // Both steps are in the partner's history, read by its members.
    const history = await gql(server.url, `query ($p: ID!) { node(id: $p) { ... on Partner { history(last: 5) { edges { node { type payload actor { name } } } } } } }`, { p: acmeId }, { token: max });
    const events = history.data!.node.history.edges.map((e: { node: unknown }) => e.node);
    expect(events.slice(-2)).toMatchObject([
      { type: 'partner.member_invited', payload: { email: 'nina.new@example.com', role: 'MEMBER' }, actor: { name: 'Anna Acker' } },
      { type: 'partner.member_joined', payload: { email: 'nina.new@example.com', signedUp: true }, actor: { name: 'Nina New' } },
    ]);
  });

  it('should accept an invitation only once', async () => {
    const { link } = (await invite(anna, 'once@example.com')).data;
    expect((await signUp(tokenOf(link), 'First')).__typename).toBe('MutationSignUpWithInvitationSuccess');
    const before = await snapshot();
    const again = await signUp(tokenOf(link), 'Second');
    expect(again.reasons).toEqual([{ code: 'INVITATION_USED' }]);
    const byOlga = await accept(tokenOf(link), olga);
    expect(byOlga.reasons).toEqual([{ code: 'INVITATION_USED' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('should admit one of two simultaneous sign-ups through the same link', async () => {
    const { link } = (await invite(anna, 'race@example.com')).data;
    const results = await Promise.all([signUp(tokenOf(link), 'Racer A'), signUp(tokenOf(link), 'Racer B')]);
    expect(results.filter((r) => r.__typename === 'MutationSignUpWithInvitationSuccess')).toHaveLength(1);
    expect(results.filter((r) => r.__typename !== 'MutationSignUpWithInvitationSuccess').map((r) => r.reasons)).toEqual([[{ code: 'INVITATION_USED' }]]);
    expect(await server.prisma.user.count({ where: { email: 'race@example.com' } })).toBe(1);
  });

  it('should refuse to invite someone who is already a member', async () => {
    const before = await snapshot();
    expect((await invite(anna, 'MAX@acme.dev')).reasons).toEqual([{ code: 'ALREADY_MEMBER' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('should refuse an expired invitation and change nothing', async () => {
    const { link, invitation } = (await invite(anna, 'late@example.com')).data;
    const id = invitation.id as string;
    // Seven days pass.
    await server.prisma.invitation.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await snapshot();
    const late = await signUp(tokenOf(link));
    expect(late.reasons).toEqual([{ code: 'INVITATION_EXPIRED' }]);
    expect(await snapshot()).toEqual(before);
    const preview = await gql(server.url, `query ($t: String!) { invitation(token: $t) { status } }`, { t: tokenOf(link) });
    expect(preview.data!.invitation.status).toBe('EXPIRED');
  });

  it('should make an invitation last seven days', async () => {
    const { invitation } = (await invite(anna, 'week@example.com')).data;
    const row = await server.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(7 * 24 * 3600_000 + 60_000);
  });

  it('should let an existing user accept by signing in, with the address the invitation names', async () => {
    const { link } = (await invite(anna, 'olga@nordlys.dev')).data;
    const token = tokenOf(link);
    const before = await snapshot();
    expect((await signUp(token)).reasons).toEqual([{ code: 'ACCOUNT_EXISTS' }]);
    expect((await accept(token, max)).reasons).toEqual([{ code: 'INVITATION_FOR_ANOTHER' }]);
    expect(await snapshot()).toEqual(before);
    const accepted = await accept(token, olga);
    expect(accepted).toMatchObject({ __typename: 'MutationAcceptInvitationSuccess', data: { role: 'MEMBER', partner: { slug: 'acme' } } });
    // A new request of Olga's sees Acme's apps beside Nordlys'.
    const apps = await gql(server.url, `{ apps(first: 100) { edges { node { code } } } }`, {}, { token: olga });
    const codes = apps.data!.apps.edges.map((e: { node: { code: string } }) => e.node.code);
    for (const code of await acmeAppCodes()) expect(codes).toContain(code);
  });

  it('should refuse invitations from members who are not owners, and from other partners', async () => {
    const before = await snapshot();
    const byMember = await invite(max, 'someone@example.com');
    expect(byMember).toMatchObject({ __typename: 'ForbiddenError', reasons: [{ code: 'FORBIDDEN' }] });
    const byStranger = await invite(rita, 'someone@example.com');
    expect(byStranger.__typename).toBe('NotFoundError');
    expect(await snapshot()).toEqual(before);
    const mailsTo = mail.received.filter((m) => m.to.includes('someone@example.com'));
    expect(mailsTo).toEqual([]);
  });

  it('should let owners change roles, and refuse to demote or remove the last owner', async () => {
    const annaId = await userId('anna@acme.dev');
    const maxId = await userId('max@acme.dev');
    const before = await snapshot();
    expect((await changeRole(anna, annaId, 'MEMBER')).reasons).toEqual([{ code: 'LAST_OWNER' }]);
    expect((await remove(anna, annaId)).reasons).toEqual([{ code: 'LAST_OWNER' }]);
    expect((await changeRole(max, maxId, 'OWNER')).reasons).toEqual([{ code: 'FORBIDDEN' }]);
    expect(await snapshot()).toEqual(before);

    expect(await changeRole(anna, maxId, 'OWNER')).toMatchObject({ data: { role: 'OWNER' } });
    // Max, now an owner, may invite; Anna may then step down, as there is another owner.
    expect((await invite(max, 'by-max@example.com')).__typename).toBe('MutationInviteMemberSuccess');
    expect(await changeRole(anna, annaId, 'MEMBER')).toMatchObject({ data: { role: 'MEMBER' } });
    expect((await changeRole(max, maxId, 'MEMBER')).reasons).toEqual([{ code: 'LAST_OWNER' }]);
    // Put the demo's team back as it was.
    expect(await changeRole(max, annaId, 'OWNER')).toMatchObject({ data: { role: 'OWNER' } });
    expect(await changeRole(anna, maxId, 'MEMBER')).toMatchObject({ data: { role: 'MEMBER' } });
    const types = (await server.prisma.event.findMany({ where: { type: 'partner.member_role_changed' }, orderBy: { id: 'asc' } })).map((e) => e.payload);
    expect(types).toEqual([
      { userId: expect.any(String), role: { old: 'MEMBER', new: 'OWNER' } },
      { userId: expect.any(String), role: { old: 'OWNER', new: 'MEMBER' } },
      { userId: expect.any(String), role: { old: 'MEMBER', new: 'OWNER' } },
      { userId: expect.any(String), role: { old: 'OWNER', new: 'MEMBER' } },
    ]);
  });

  it("should end a removed member's open subscription at the next event, and their requests at once", async () => {
    const { link } = (await invite(anna, 'leaving@example.com')).data;
    const leaving = (await signUp(tokenOf(link), 'Lea Leaving')).data.token as string;
    const version = await server.prisma.appVersion.findFirstOrThrow({
      where: { app: { code: 'acme-pay' }, status: 'IN_REVIEW' },
      include: { threads: { where: { status: 'OPEN' } } },
    });
    const threadId = globalId('Thread', version.threads[0]!.id);
    const client = wsClient(server.url, { authorization: `Bearer ${leaving}` });
    clients.push(client);
    const feed = collect(client, `subscription ($id: ID!) { reviewEvents(versionId: $id) { type } }`, { id: globalId('AppVersion', version.id) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const comment = (body: string) =>
      gql(server.url, `mutation ($t: ID!, $b: String!) { postComment(threadId: $t, body: $b) { __typename } }`, { t: threadId, b: body }, { token: rita });
    await comment('before the removal');
    await feed.waitFor(1);

    const removed = await remove(anna, await userId('leaving@example.com'));
    expect(removed).toMatchObject({ __typename: 'MutationRemoveMemberSuccess', data: { left: false } });
    const apps = await gql(server.url, `{ apps(first: 50) { edges { node { code } } } }`, {}, { token: leaving });
    expect(apps.data!.apps.edges).toEqual([]);

    await comment('after the removal');
    await feed.ended();
    expect(feed.items).toEqual([{ type: 'thread.comment_posted' }]);
    expect(JSON.stringify(feed.errors)).toContain('revoked');
    const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'partner.member_removed' }, orderBy: { id: 'desc' } });
    expect(event.payload).toMatchObject({ role: 'MEMBER', left: false });
  });

  it('should let a member leave on their own', async () => {
    const { link } = (await invite(anna, 'quits@example.com')).data;
    const quits = (await signUp(tokenOf(link), 'Quinn')).data.token as string;
    const left = await remove(quits, await userId('quits@example.com'));
    expect(left).toMatchObject({ __typename: 'MutationRemoveMemberSuccess', data: { left: true } });
    expect((await gql(server.url, `{ apps(first: 50) { edges { node { code } } } }`, {}, { token: quits })).data!.apps.edges).toEqual([]);
  });
});
