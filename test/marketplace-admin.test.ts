import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireApprovedVersions } from '../server/src/domain/expiry.js';
import { globalId, gql, login } from './helpers/graphql.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from './helpers/postgres.js';
import { REDIS_URL, redisAvailable } from './helpers/redis.js';
import { serverBackends, startTestServer, type TestServer } from './helpers/server.js';
import { collect, wsClient } from './helpers/ws.js';

// Marketplace administration by admins (issue 12): the policy, listing rounds, staff accounts,
// expiry of approved versions never released, and cancelled team invitations — on a real server
// with the demo marketplace, on the embedded database and on PostgreSQL.

const RESULT = `__typename ... on Error { message } ... on ActionRefused { reasons { code message } } ... on ValidationError { problems { field message } }`;
const POLICY_FIELDS = 'requiredLocales currencies consultationEnabled reviewTargetHours listingEditsNeedReview approvalExpiryDays';
const CATALOG_NAME = `query ($search: String) { catalog(first: 5, filter: { search: $search }) { edges { node { code listing(locale: "en") { name } } } } }`;

describe.each(await serverBackends())('marketplace administration on %s', (backend) => {
  let server: TestServer;
  let admin: string;
  let anna: string;
  let rita: string;
  const clients: ReturnType<typeof wsClient>[] = [];

  beforeAll(async () => {
    server = await startTestServer({ backend });
    [admin, anna, rita] = await Promise.all([
      login(server.url, 'admin@vetline.dev'),
      login(server.url, 'anna@acme.dev'),
      login(server.url, 'rita@vetline.dev'),
    ]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
  });

  const updatePolicy = (token: string, input: Record<string, unknown>) =>
    gql(server.url, `mutation ($i: PolicyInput!) { updatePolicy(input: $i) { ${RESULT} ... on MutationUpdatePolicySuccess { data { ${POLICY_FIELDS} } } } }`, { i: input }, { token }).then(
      (r) => r.data!.updatePolicy,
    );
  const policyRow = () => server.prisma.policy.findUniqueOrThrow({ where: { id: 1 } });
  const eventCount = () => server.prisma.event.count();

  describe('the policy', () => {
    it('should refuse every problem of a policy edit at once and change nothing', async () => {
      const [before, events] = [await policyRow(), await eventCount()];
      const refused = await updatePolicy(admin, {
        requiredLocales: ['en', 'xx', 'en'],
        currencies: [],
        reviewTargetHours: 0,
        approvalExpiryDays: 1000,
      });
      expect(refused.__typename).toBe('ValidationError');
      expect(refused.problems.map((p: { field: string }) => p.field).sort()).toEqual(
        ['approvalExpiryDays', 'currencies', 'requiredLocales.1', 'requiredLocales.2', 'reviewTargetHours'].sort(),
      );
      expect(await policyRow()).toEqual(before);
      expect(await eventCount()).toBe(events);
    });

    it('should refuse a policy edit by a reviewer or a partner', async () => {
      const before = await policyRow();
      expect((await updatePolicy(rita, { consultationEnabled: false })).__typename).toBe('ForbiddenError');
      expect((await updatePolicy(anna, { consultationEnabled: false })).__typename).toBe('ForbiddenError');
      expect(await policyRow()).toEqual(before);
    });

    it('should apply an admin’s edit, record it, and serve the new policy and fallback to the public at once', async () => {
      // The anonymous policy read is cached first, so a stale entry would show.
      const read = () => gql(server.url, `{ policy { ${POLICY_FIELDS} } }`).then((r) => r.data!.policy);
      expect((await read()).currencies).toEqual(['USD', 'EUR', 'RUB']);
      expect(await read()).toEqual(await read());

      const updated = await updatePolicy(admin, { currencies: ['usd', 'EUR', 'RUB', 'GBP'], reviewTargetHours: 48, requiredLocales: ['en', 'ru', 'pt-br'] });
      expect(updated).toMatchObject({
        __typename: 'MutationUpdatePolicySuccess',
        data: { currencies: ['USD', 'EUR', 'RUB', 'GBP'], reviewTargetHours: 48, requiredLocales: ['en', 'ru', 'pt-BR'], listingEditsNeedReview: false },
      });
      expect(await read()).toMatchObject({ currencies: ['USD', 'EUR', 'RUB', 'GBP'], reviewTargetHours: 48 });
      const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'policy.updated' }, orderBy: { id: 'desc' } });
      expect(event.payload).toMatchObject({ changes: { reviewTargetHours: { old: 72, new: 48 }, currencies: { new: ['USD', 'EUR', 'RUB', 'GBP'] } } });
      expect(event.partnerId).toBeNull();

      const history = await gql(server.url, `{ marketplaceHistory(first: 5) { edges { node { type actor { name } } } } }`, {}, { token: admin });
      expect(history.data!.marketplaceHistory.edges[0].node).toEqual({ type: 'policy.updated', actor: { name: 'Alex Admin' } });
      const forPartner = await gql(server.url, `{ marketplaceHistory(first: 5) { edges { node { type } } } }`, {}, { token: anna });
      expect(forPartner.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

      // The catalog's fallback is the first required locale: a Russian-first policy serves Russian names.
      const description = async () => {
        const catalog = await gql(server.url, `{ catalog(first: 50) { edges { node { code listing(locale: "de") { description } } } } }`);
        return catalog.data!.catalog.edges.find((e: { node: { code: string } }) => e.node.code === 'acme-pay').node.listing.description as string;
      };
      expect(await description()).toMatch(/^Accept cards/);
      await updatePolicy(admin, { requiredLocales: ['ru', 'en'] });
      expect(await description()).toMatch(/^Принимайте/);
      await updatePolicy(admin, { requiredLocales: ['en', 'ru'], currencies: ['USD', 'EUR', 'RUB'], reviewTargetHours: 72 });
    });
  });

  describe('listing rounds', () => {
    let appId: string;
    const rename = (token: string, name: string) =>
      gql(
        server.url,
        `mutation ($id: ID!, $name: String!) { updateListing(appId: $id, listing: { texts: [{ locale: "en", name: $name }] }) { ${RESULT} } }`,
        { id: appId, name },
        { token },
      ).then((r) => r.data!.updateListing);
    const liveName = () => gql(server.url, CATALOG_NAME, { search: 'acme-pay' }).then((r) => r.data!.catalog.edges[0]?.node.listing.name);
    const pending = (token: string) =>
      gql(
        server.url,
        `query ($id: ID!) { node(id: $id) { ... on App { pendingListingChange { id status changes assignee { name } } listingChanges { status decisionNote } } } }`,
        { id: appId },
        { token },
      ).then((r) => r.data!.node);
    const claim = (token: string, id: string) =>
      gql(server.url, `mutation ($id: ID!) { claimListingChange(listingChangeId: $id) { ${RESULT} } }`, { id }, { token }).then((r) => r.data!.claimListingChange);
    const decide = (token: string, id: string, decision: string, note?: string) =>
      gql(
        server.url,
        `mutation ($id: ID!, $d: ListingChangeDecision!, $n: String) { decideListingChange(listingChangeId: $id, decision: $d, note: $n) { ${RESULT} ... on MutationDecideListingChangeSuccess { data { status } } } }`,
        { id, d: decision, n: note ?? null },
        { token },
      ).then((r) => r.data!.decideListingChange);

    beforeAll(async () => {
      appId = globalId('App', (await server.prisma.app.findUniqueOrThrow({ where: { code: 'acme-pay' } })).id);
    });

    it('should apply a live app’s edit at once under the default policy', async () => {
      const before = await liveName();
      expect((await rename(anna, `${before} (at once)`)).__typename).toBe('MutationUpdateListingSuccess');
      expect(await liveName()).toBe(`${before} (at once)`);
      expect((await pending(anna)).pendingListingChange).toBeNull();
      await rename(anna, before);
    });

    it('should keep the catalog live until staff approve a listing round, then apply it', async () => {
      await updatePolicy(admin, { listingEditsNeedReview: true });
      const live = await liveName();
      expect((await rename(anna, 'Acme Pay Pro')).__typename).toBe('MutationUpdateListingSuccess');
      expect(await liveName()).toBe(live);
      const round = (await pending(anna)).pendingListingChange;
      expect(round).toMatchObject({ status: 'PENDING', changes: { 'name.en': { old: live, new: 'Acme Pay Pro' } }, assignee: null });

      // A further edit merges into the waiting round.
      await rename(anna, 'Acme Pay Plus');
      expect((await pending(anna)).pendingListingChange).toMatchObject({ id: round.id, changes: { 'name.en': { new: 'Acme Pay Plus' } } });

      const queue = await gql(server.url, `{ listingChangeQueue(first: 10) { edges { node { id waitingSeconds app { code } } } } }`, {}, { token: rita });
      expect(queue.data!.listingChangeQueue.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(round.id);
      const partnerQueue = await gql(server.url, `{ listingChangeQueue(first: 10) { edges { node { id } } } }`, {}, { token: anna });
      expect(partnerQueue.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

      // Partners cannot decide; staff must claim first.
      expect((await decide(anna, round.id, 'APPROVED')).__typename).toBe('ForbiddenError');
      expect((await decide(rita, round.id, 'APPROVED')).reasons[0].code).toBe('NOT_CLAIMED');
      expect((await claim(rita, round.id)).__typename).toBe('MutationClaimListingChangeSuccess');
      expect((await claim(admin, round.id)).reasons[0].code).toBe('CLAIMED_BY_ANOTHER');
      expect(await liveName()).toBe(live);

      expect(await decide(rita, round.id, 'APPROVED')).toMatchObject({ data: { status: 'APPROVED' } });
      expect(await liveName()).toBe('Acme Pay Plus');
      const events = await server.prisma.event.findMany({ where: { appId: (await server.prisma.app.findUniqueOrThrow({ where: { code: 'acme-pay' } })).id }, orderBy: { id: 'desc' }, take: 2 });
      expect(events.map((e) => e.type).sort()).toEqual(['app.listing_change_decided', 'app.listing_updated']);
      expect((await pending(anna)).listingChanges[0]).toEqual({ status: 'APPROVED', decisionNote: null });
    });

    it('should keep the live listing when staff send a round back, and tell the partner why', async () => {
      const live = await liveName();
      await rename(anna, 'Acme Pay FREE MONEY');
      const round = (await pending(anna)).pendingListingChange;
      await claim(rita, round.id);
      const before = await eventCount();
      expect((await decide(rita, round.id, 'SENT_BACK')).__typename).toBe('ValidationError');
      expect(await eventCount()).toBe(before);
      expect(await decide(rita, round.id, 'SENT_BACK', 'No shouting in names, please')).toMatchObject({ data: { status: 'SENT_BACK' } });
      expect(await liveName()).toBe(live);
      const seen = await pending(anna);
      expect(seen.pendingListingChange).toBeNull();
      expect(seen.listingChanges[0]).toEqual({ status: 'SENT_BACK', decisionNote: 'No shouting in names, please' });
      expect((await decide(rita, round.id, 'APPROVED')).__typename).toBe('InvalidStatusError');
      await updatePolicy(admin, { listingEditsNeedReview: false });
    });

    it('should still refuse an invalid edit of a live app under review of live edits, recording nothing', async () => {
      await updatePolicy(admin, { listingEditsNeedReview: true });
      const before = [await eventCount(), await server.prisma.listingChange.count()];
      const refused = await gql(
        server.url,
        `mutation ($id: ID!) { updateListing(appId: $id, listing: { texts: [{ locale: "ru", name: "" }], countries: [] }) { ${RESULT} } }`,
        { id: appId },
        { token: anna },
      ).then((r) => r.data!.updateListing);
      expect(refused.__typename).toBe('ValidationError');
      expect(refused.problems.length).toBeGreaterThanOrEqual(2);
      expect([await eventCount(), await server.prisma.listingChange.count()]).toEqual(before);
      await updatePolicy(admin, { listingEditsNeedReview: false });
    });
  });

  describe('staff accounts', () => {
    const create = (token: string, vars: Record<string, unknown>) =>
      gql(
        server.url,
        `mutation ($e: String!, $n: String!, $r: StaffRole!, $p: String) { createStaffUser(email: $e, name: $n, role: $r, password: $p) { ${RESULT} ... on MutationCreateStaffUserSuccess { data { initialPassword user { id staffRole email } } } } }`,
        vars,
        { token },
      ).then((r) => r.data!.createStaffUser);
    const changeRole = (token: string, userId: string, role: string) =>
      gql(server.url, `mutation ($u: ID!, $r: StaffRole!) { changeStaffRole(userId: $u, role: $r) { ${RESULT} ... on MutationChangeStaffRoleSuccess { data { staffRole } } } }`, { u: userId, r: role }, { token }).then(
        (r) => r.data!.changeStaffRole,
      );
    const disable = (token: string, userId: string, disabled = true) =>
      gql(server.url, `mutation ($u: ID!, $d: Boolean!) { setUserDisabled(userId: $u, disabled: $d) { ${RESULT} } }`, { u: userId, d: disabled }, { token }).then((r) => r.data?.setUserDisabled);

    it('should let an admin create a reviewer with a generated password who then signs in, and refuse others', async () => {
      const created = await create(admin, { e: 'Nina@Vetline.dev', n: 'Nina New', r: 'REVIEWER' });
      expect(created.__typename).toBe('MutationCreateStaffUserSuccess');
      expect(created.data.user).toMatchObject({ staffRole: 'REVIEWER', email: 'nina@vetline.dev' });
      const password = created.data.initialPassword as string;
      expect(password.length).toBeGreaterThanOrEqual(12);
      const nina = await login(server.url, 'nina@vetline.dev', password);
      const viewer = await gql(server.url, `{ viewer { ... on User { staffRole } } }`, {}, { token: nina });
      expect(viewer.data!.viewer.staffRole).toBe('REVIEWER');

      const users = await server.prisma.user.count();
      expect((await create(rita, { e: 'x@vetline.dev', n: 'X', r: 'ADMIN' })).__typename).toBe('ForbiddenError');
      expect((await create(admin, { e: 'nina@vetline.dev', n: 'Nina Again', r: 'ADMIN' })).reasons[0].code).toBe('ACCOUNT_EXISTS');
      const invalid = await create(admin, { e: 'not-an-email', n: ' ', r: 'ADMIN', p: 'short' });
      expect(invalid.problems.map((p: { field: string }) => p.field).sort()).toEqual(['email', 'name', 'password']);
      expect(await server.prisma.user.count()).toBe(users);
      const staff = await gql(server.url, `{ staff { email staffRole disabledAt } }`, {}, { token: admin });
      expect(staff.data!.staff).toContainEqual({ email: 'nina@vetline.dev', staffRole: 'REVIEWER', disabledAt: null });
    });

    it('should never leave the marketplace without an enabled admin', async () => {
      const adminUser = await server.prisma.user.findUniqueOrThrow({ where: { email: 'admin@vetline.dev' } });
      const adminId = globalId('User', adminUser.id);
      const before = await eventCount();
      expect((await changeRole(admin, adminId, 'REVIEWER')).reasons[0].code).toBe('LAST_ADMIN');
      expect((await disable(admin, adminId)).__typename).toBe('ValidationError');
      expect(await eventCount()).toBe(before);
      expect((await server.prisma.user.findUniqueOrThrow({ where: { id: adminUser.id } })).staffRole).toBe('ADMIN');

      // With a second admin, the first may step down; the second is then the last.
      const second = await create(admin, { e: 'second@vetline.dev', n: 'Second Admin', r: 'ADMIN', p: 'second-admin-pw' });
      expect(second.data.initialPassword).toBeNull();
      const secondToken = await login(server.url, 'second@vetline.dev', 'second-admin-pw');
      expect(await changeRole(admin, adminId, 'REVIEWER')).toMatchObject({ data: { staffRole: 'REVIEWER' } });
      expect((await changeRole(secondToken, second.data.user.id, 'REVIEWER')).reasons[0].code).toBe('LAST_ADMIN');
      // The demoted admin's own token is a reviewer's from the next request on.
      expect((await updatePolicy(admin, { reviewTargetHours: 10 })).__typename).toBe('ForbiddenError');
      expect(await changeRole(secondToken, adminId, 'ADMIN')).toMatchObject({ data: { staffRole: 'ADMIN' } });
      const changes = await server.prisma.event.findMany({ where: { type: 'staff.role_changed' }, orderBy: { id: 'asc' } });
      expect(changes.map((e) => (e.payload as { role: { new: string } }).role.new)).toEqual(['REVIEWER', 'ADMIN']);
    });

    it('should end a disabled reviewer’s sessions and live streams at once', async () => {
      const created = await create(admin, { e: 'leaving@vetline.dev', n: 'Leaving Reviewer', r: 'REVIEWER', p: 'leaving-reviewer' });
      const token = await login(server.url, 'leaving@vetline.dev', 'leaving-reviewer');
      const version = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'IN_REVIEW' } });
      const client = wsClient(server.url, { authorization: `Bearer ${token}` });
      clients.push(client);
      const feed = collect(client, `subscription ($id: ID!) { reviewEvents(versionId: $id) { type } }`, { id: globalId('AppVersion', version.id) });
      // The stream is open once the user's access reads it: the queue query proves the token works meanwhile.
      expect((await gql(server.url, `{ staff { id } }`, {}, { token })).data!.staff.length).toBeGreaterThan(0);

      const disabled = await gql(server.url, `mutation ($u: ID!) { setUserDisabled(userId: $u, disabled: true) { ${RESULT} } }`, { u: created.data.user.id }, { token: admin });
      expect(disabled.errors).toBeUndefined();
      expect(disabled.data!.setUserDisabled.__typename).toBe('MutationSetUserDisabledSuccess');
      await feed.ended();
      const after = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ staff { id } }' }),
      });
      expect(after.status).toBe(401);
      const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'user.disabled_changed' }, orderBy: { id: 'desc' } });
      expect(event.payload).toMatchObject({ disabled: { old: false, new: true } });
    });
  });

  describe('approved versions never released', () => {
    it('should expire after the policy’s days, freeing the app for its next version', async () => {
      const approved = await server.prisma.appVersion.findFirstOrThrow({ where: { status: 'APPROVED' }, include: { app: true } });
      const decidedAt = approved.decidedAt!;
      const day = 24 * 60 * 60 * 1000;
      // Not yet: one day before the 30 days are up.
      expect(await expireApprovedVersions(server.prisma, new Date(decidedAt.getTime() + 29 * day))).toEqual([]);
      await updatePolicy(admin, { approvalExpiryDays: 5 });
      expect(await expireApprovedVersions(server.prisma, new Date(decidedAt.getTime() + 6 * day))).toEqual([approved.id]);
      expect((await server.prisma.appVersion.findUniqueOrThrow({ where: { id: approved.id } })).status).toBe('EXPIRED');
      const event = await server.prisma.event.findFirstOrThrow({ where: { type: 'version.expired', versionId: approved.id } });
      expect(event.payload).toMatchObject({ status: { old: 'APPROVED', new: 'EXPIRED' }, days: 5 });
      expect(event.partnerId).toBe(approved.app.partnerId);
      // Sweeping again expires nothing more.
      expect(await expireApprovedVersions(server.prisma, new Date(decidedAt.getTime() + 7 * day))).toEqual([]);

      const olga = await login(server.url, 'olga@nordlys.dev');
      const next = await gql(
        server.url,
        `query ($id: ID!) { node(id: $id) { ... on App { viewerCan { createVersion { allowed reasons { code } } } } } }`,
        { id: globalId('App', approved.appId) },
        { token: olga },
      );
      expect(next.data!.node.viewerCan.createVersion.allowed).toBe(true);
      await updatePolicy(admin, { approvalExpiryDays: 30 });
    });
  });

  describe('team invitations', () => {
    it('should let an owner cancel a pending invitation, after which its link refuses clearly', async () => {
      const acmeId = globalId('Partner', (await server.prisma.partner.findUniqueOrThrow({ where: { slug: 'acme' } })).id);
      const invited = await gql(
        server.url,
        `mutation ($p: ID!) { inviteMember(partnerId: $p, email: "cancelled@example.com") { ... on MutationInviteMemberSuccess { data { link invitation { id } } } } }`,
        { p: acmeId },
        { token: anna },
      );
      const { link, invitation } = invited.data!.inviteMember.data;
      const token = (link as string).split('#')[1]!;
      const max = await login(server.url, 'max@acme.dev');
      const cancel = (as: string) =>
        gql(server.url, `mutation ($id: ID!) { cancelInvitation(invitationId: $id) { ${RESULT} ... on MutationCancelInvitationSuccess { data { status } } } }`, { id: invitation.id }, { token: as }).then(
          (r) => r.data!.cancelInvitation,
        );
      expect((await cancel(max)).__typename).toBe('ForbiddenError');
      expect(await cancel(anna)).toMatchObject({ data: { status: 'CANCELLED' } });
      expect((await cancel(anna)).reasons[0].code).toBe('INVITATION_CANCELLED');

      const preview = await gql(server.url, `query ($t: String!) { invitation(token: $t) { status } }`, { t: token });
      expect(preview.data!.invitation.status).toBe('CANCELLED');
      const users = await server.prisma.user.count();
      const signUp = await gql(
        server.url,
        `mutation ($t: String!) { signUpWithInvitation(token: $t, name: "Too Late", password: "too-late-pw") { ${RESULT} } }`,
        { t: token },
      );
      expect(signUp.data!.signUpWithInvitation.reasons[0]).toMatchObject({ code: 'INVITATION_CANCELLED', message: expect.stringContaining('cancelled') });
      expect(await server.prisma.user.count()).toBe(users);
      const listed = await gql(server.url, `query ($p: ID!) { node(id: $p) { ... on Partner { invitations { id } } } }`, { p: acmeId }, { token: anna });
      expect(listed.data!.node.invitations.map((i: { id: string }) => i.id)).not.toContain(invitation.id);
      expect(await server.prisma.event.count({ where: { type: 'partner.invitation_cancelled' } })).toBe(1);
    });
  });
});

const twoInstances = (await postgresAvailable()) && (await redisAvailable());

describe.runIf(twoInstances)('the policy across two instances sharing PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;
  // No polling: the second instance learns of the change through the Redis fan-out only.
  const env = { REDIS_URL, VETLINE_EVENT_POLL_MS: '600000' };

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startTestServer({ databaseUrl: database.url, env });
    second = await startTestServer({ databaseUrl: database.url, env });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await database?.drop();
  });

  it('should never serve the old policy from the shared response cache once an instance has the new one', async () => {
    const read = (url: string) => gql(url, `{ policy { currencies reviewTargetHours } }`).then((r) => r.data!.policy);
    // Both instances cache the anonymous answer in Redis.
    expect(await read(first.url)).toEqual({ currencies: ['USD', 'EUR', 'RUB'], reviewTargetHours: 72 });
    expect(await read(second.url)).toEqual({ currencies: ['USD', 'EUR', 'RUB'], reviewTargetHours: 72 });

    const admin = await login(first.url, 'admin@vetline.dev');
    const updated = await gql(
      first.url,
      `mutation { updatePolicy(input: { currencies: ["USD", "GBP"], reviewTargetHours: 24 }) { __typename } }`,
      {},
      { token: admin },
    );
    expect(updated.data!.updatePolicy.__typename).toBe('MutationUpdatePolicySuccess');
    const fresh = { currencies: ['USD', 'GBP'], reviewTargetHours: 24 };
    // The instance that made the change answers with it at once; the other as soon as its feed hears of it.
    expect(await read(first.url)).toEqual(fresh);
    await expect.poll(() => read(second.url), { timeout: 10_000 }).toEqual(fresh);
    // And from then on, from the cache as well, on both.
    for (const url of [first.url, second.url, second.url, first.url]) expect(await read(url)).toEqual(fresh);
  });
});
