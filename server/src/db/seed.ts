/**
 * Writes the demo marketplace (`demo-fixture.ts`) into an empty database: the fixture turned into
 * rows in memory, then one multi-row INSERT per table, in foreign-key order, in one transaction.
 */
import { hashApiKey } from '../auth/api-keys.js';
import type { RoundSnapshot } from '../domain/snapshot.js';
import { recordEvents, type NewEvent, type NewEventOf } from '../events/log.js';
import type { EventType } from '../events/types.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Verdict } from '../generated/prisma/enums.js';
import type { PrismaClient, Tx } from './client.js';
import { DEMO_MODULE_URL, demo, ids, s, type Ago, type AppFixture, type DemoFixture, type UserKey, type VersionFixture } from './demo-fixture.js';

export { DEMO_PASSWORD } from './demo-fixture.js';

/** Seeds the demo marketplace into an empty database; returns false (and does nothing) when the database already has users. */
export async function seedDemo(prisma: PrismaClient, now = new Date(), demoModuleUrl = DEMO_MODULE_URL): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  // The demo module's URLs (connection pages, configuration URLs, a webhook endpoint) where it runs here.
  const fixture: DemoFixture = demoModuleUrl === DEMO_MODULE_URL ? demo : JSON.parse(JSON.stringify(demo).replaceAll(DEMO_MODULE_URL, demoModuleUrl.replace(/\/+$/, '')));
  const rows = demoRows(fixture, now);
  return prisma.$transaction(
    async (tx) => {
      // Two instances starting at once on an empty database: the second waits, then finds users.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707370)`;
      if ((await tx.user.count()) > 0) return false;
      await writeRows(tx, rows);
      return true;
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
}

type Rows = ReturnType<typeof demoRows>;

async function writeRows(tx: Tx, rows: Rows) {
  await tx.policy.upsert({ where: { id: 1 }, create: { id: 1, ...rows.policy }, update: rows.policy });
  await tx.section.createMany({ data: rows.sections });
  await tx.scope.createMany({ data: rows.scopes });
  await tx.checklistTemplate.createMany({ data: rows.templates });
  await tx.checklistTemplateItem.createMany({ data: rows.templateItems });
  // Accounts first: their administrators are users.
  await tx.account.createMany({ data: rows.accounts });
  await tx.user.createMany({ data: rows.users });
  await tx.partner.createMany({ data: rows.partners });
  await tx.membership.createMany({ data: rows.memberships });
  await tx.apiKey.createMany({ data: rows.apiKeys });
  await tx.app.createMany({ data: rows.apps });
  await tx.listingText.createMany({ data: rows.listingTexts });
  await tx.appVersion.createMany({ data: rows.versions });
  await tx.requestedScope.createMany({ data: rows.requestedScopes });
  await tx.checklistItem.createMany({ data: rows.checklistItems });
  await tx.reviewRound.createMany({ data: rows.rounds });
  await tx.thread.createMany({ data: rows.threads });
  await tx.comment.createMany({ data: rows.comments });
  await tx.installation.createMany({ data: rows.installations });
  await tx.webhookEndpoint.createMany({ data: rows.webhookEndpoints });
  await recordEvents(tx, rows.events);
}

/** The fixture as rows, with times set against `now`. */
function demoRows(fixture: DemoFixture, now: Date) {
  const at = (ago: Ago) => new Date(now.getTime() - ago);
  const atOrNull = (ago: Ago | undefined) => (ago === undefined ? null : at(ago));
  const user = (key: UserKey | undefined) => (key ? ids.user(key) : null);
  const partnerKeys = Object.keys(fixture.partners) as (keyof DemoFixture['partners'])[];
  const accountKeys = Object.keys(fixture.accounts) as (keyof DemoFixture['accounts'])[];
  const userKeys = Object.keys(fixture.users) as UserKey[];
  const templateOf = (section: string) =>
    must(fixture.templates.find((t) => t.section === section) ?? fixture.templates.find((t) => !t.section), 'template');

  const apps = fixture.apps.map((app) => ({ app, versions: app.versions.map((v) => ({ v, ref: `${app.code}@${v.version}` as const })) }));
  const { events, items } = replay(fixture.apps, at);

  return {
    policy: fixture.policy,
    sections: fixture.sections.map((s, position) => ({ id: ids.section(s.key), key: s.key, names: s.names, position })),
    scopes: fixture.scopes.map((s) => ({ ...s, polling: s.polling ?? false })),
    templates: fixture.templates.map((t) => ({
      id: ids.template(t.key),
      key: t.key,
      name: t.name,
      sectionId: t.section ? ids.section(t.section) : null,
      createdAt: at(t.createdAt),
    })),
    templateItems: fixture.templates.flatMap((t) =>
      t.items.map((item, i) => ({ id: ids.templateItem(t.key, item.key), templateId: ids.template(t.key), ...item, position: i + 1 })),
    ),
    users: userKeys.map((key) => {
      const u = fixture.users[key];
      const staffRole = u.role === 'ADMIN' || u.role === 'REVIEWER' ? u.role : null;
      const accountId = u.account ? ids.account(u.account) : null;
      return { id: ids.user(key), email: u.email, name: u.name, passwordHash: fixture.passwordHash, staffRole, accountId, createdAt: at(u.createdAt) };
    }),
    partners: partnerKeys.map((key) => ({
      id: ids.partner(key),
      slug: key,
      name: fixture.partners[key].name,
      createdAt: at(fixture.partners[key].createdAt),
    })),
    memberships: userKeys.flatMap((key) => {
      const { partner, role, createdAt } = fixture.users[key];
      if (!partner) return [];
      return [
        {
          id: ids.of('membership', `${partner}:${key}`),
          partnerId: ids.partner(partner),
          userId: ids.user(key),
          role: role === 'PARTNER_OWNER' ? ('OWNER' as const) : ('MEMBER' as const),
          createdAt: at(createdAt),
        },
      ];
    }),
    accounts: accountKeys.map((key) => {
      const { createdAt, ...account } = fixture.accounts[key];
      return { id: ids.account(key), ...account, createdAt: at(createdAt) };
    }),
    apiKeys: fixture.apiKeys.map((k) => ({
      id: ids.of('api-key', k.name),
      kind: k.kind,
      name: k.name,
      hash: hashApiKey(k.secret),
      accountId: k.account ? ids.account(k.account) : null,
      createdAt: at(k.createdAt),
    })),
    webhookEndpoints: fixture.webhookEndpoints.map((w) => ({ id: ids.of('webhook-endpoint', w.partner), partnerId: ids.partner(w.partner), url: w.url, secret: w.secret })),
    apps: fixture.apps.map((a) => ({
      id: ids.app(a.code),
      code: a.code,
      partnerId: ids.partner(a.partner),
      createdById: ids.user(a.createdBy),
      consultation: a.consultation,
      consultationNote: a.consultationNote ?? null,
      consultationAt: atOrNull(a.consultationAt),
      partnerDisabled: a.partnerDisabled ?? false,
      platformDisabled: a.platformDisabled !== undefined,
      platformDisabledWhy: a.platformDisabled ?? null,
      sectionId: ids.section(a.section),
      countries: a.countries,
      logoSvg: logoSvg(a.logo),
      priceMinor: a.priceMinor,
      discountedPriceMinor: a.discountedPriceMinor ?? null,
      trialDays: a.trialDays ?? null,
      currency: a.currency,
      supportUrl: a.supportUrl,
      documentationUrl: a.documentationUrl,
      createdAt: at(a.createdAt),
      updatedAt: at(a.updatedAt),
    })),
    listingTexts: fixture.apps.flatMap((a) =>
      Object.entries(a.texts).map(([locale, text]) => ({
        id: ids.of('listing-text', `${a.code}:${locale}`),
        appId: ids.app(a.code),
        locale,
        ...text,
      })),
    ),
    versions: apps.flatMap(({ app, versions }) =>
      versions.map(({ v, ref }) => ({
        id: ids.version(ref),
        appId: ids.app(app.code),
        version: v.version,
        changelog: v.changelog,
        minApiVersion: v.minApiVersion,
        connectionUrl: v.connection === 'simple' ? (v.configurationUrl ?? null) : v.connection,
        simpleConnection: v.connection === 'simple',
        status: v.status,
        autoRelease: v.autoRelease ?? false,
        assigneeId: user(v.assignee),
        claimedAt: atOrNull(v.claimedAt),
        submittedAt: atOrNull(v.submittedAt),
        decidedAt: atOrNull(v.decidedAt),
        releasedAt: atOrNull(v.releasedAt),
        createdById: ids.user(v.createdBy),
        createdAt: at(v.createdAt),
        updatedAt: at(v.updatedAt),
      })),
    ),
    requestedScopes: apps.flatMap(({ versions }) =>
      versions.flatMap(({ v, ref }) =>
        v.scopes.map((s) => ({
          id: ids.of('requested-scope', `${ref}:${s.key}`),
          versionId: ids.version(ref),
          scopeKey: s.key,
          justification: s.justification,
          pollingIntervalSeconds: s.pollingIntervalSeconds ?? null,
        })),
      ),
    ),
    // Copied from the section's template like the product does, with the answers and verdicts the history gave.
    checklistItems: apps.flatMap(({ app, versions }) =>
      versions.flatMap(({ ref }) =>
        templateOf(app.section).items.map((item, i) => {
          const state = items.get(`${ref}:${item.key}`);
          return {
            id: ids.of('checklist-item', `${ref}:${item.key}`),
            versionId: ids.version(ref),
            key: item.key,
            label: item.label,
            help: item.help,
            mandatory: item.mandatory,
            kind: item.kind,
            position: i + 1,
            answer: state?.answer ?? null,
            answeredAt: atOrNull(state?.answeredAt),
            answeredById: user(state?.answeredBy),
            verdict: state?.verdict ?? null,
            verdictComment: state?.verdictComment ?? null,
            verdictAt: atOrNull(state?.verdictAt),
            verdictById: user(state?.verdictBy),
          };
        }),
      ),
    ),
    rounds: apps.flatMap(({ app, versions }) =>
      versions.flatMap(({ v, ref }) =>
        (v.rounds ?? []).map((round, i): Prisma.ReviewRoundCreateManyInput => {
          const snapshot = snapshotOf(app, v, templateOf(app.section).items, (key) => items.get(`${ref}:${key}`)?.answer ?? null);
          const then = round.submitted;
          for (const [locale, text] of Object.entries(then?.texts ?? {})) Object.assign(must(snapshot.listing.texts[locale], locale), text);
          if (then?.changelog !== undefined) snapshot.manifest.changelog = then.changelog;
          for (const item of snapshot.checklist) item.answer = then?.answers?.[item.key] ?? item.answer;
          return {
            id: ids.round(ref, i + 1),
            versionId: ids.version(ref),
            number: i + 1,
            snapshot: snapshot as unknown as Prisma.InputJsonObject,
            submittedAt: at(round.submittedAt),
            endedAt: atOrNull(round.endedAt),
            outcome: round.outcome ?? null,
          };
        }),
      ),
    ),
    threads: apps.flatMap(({ versions }) =>
      versions.flatMap(({ v, ref }) =>
        (v.threads ?? []).map((t, i) => ({
          id: ids.thread(ref, i + 1),
          versionId: ids.version(ref),
          roundId: t.round ? ids.round(ref, t.round) : null,
          anchor: t.anchor,
          anchorKey: t.anchorKey ?? null,
          title: t.title,
          blocking: t.blocking ?? true,
          status: t.resolvedAt === undefined ? ('OPEN' as const) : ('RESOLVED' as const),
          addressedAt: atOrNull(t.addressedAt),
          resolvedAt: atOrNull(t.resolvedAt),
          resolvedById: user(t.resolvedBy),
          authorId: ids.user(t.by),
          createdAt: at(t.at),
        })),
      ),
    ),
    comments: apps.flatMap(({ versions }) =>
      versions.flatMap(({ v, ref }) =>
        (v.threads ?? []).flatMap((t, i) =>
          t.comments.map((c, j) => ({
            id: ids.comment(ref, i + 1, j + 1),
            threadId: ids.thread(ref, i + 1),
            authorId: ids.user(c.by),
            body: c.body,
            createdAt: at(c.at),
          })),
        ),
      ),
    ),
    installations: fixture.apps.flatMap((a) =>
      (a.installations ?? []).map((i) => ({
        id: ids.installation(a.code, i.account, i.n),
        appId: ids.app(a.code),
        accountId: ids.account(i.account),
        versionId: ids.version(`${a.code}@${i.version}`),
        grantedScopes: i.grantedScopes,
        connectedAt: at(i.connectedAt),
        disconnectedAt: atOrNull(i.disconnectedAt),
      })),
    ),
    events,
  };
}

/** A checklist item's state after the history's answers and verdicts. */
interface ItemState {
  answer?: string;
  answeredAt?: Ago;
  answeredBy?: UserKey;
  verdict?: Verdict;
  verdictComment?: string | null;
  verdictAt?: Ago;
  verdictBy?: UserKey;
}

type TimedEvent = { ago: Ago; app: number; seq: number; event: NewEvent & { createdAt: Date } };

/** An event's type with its payload, checked against `EventPayloads[type]`. */
type EventBody = { [T in EventType]: Pick<NewEventOf<T>, 'type' | 'payload'> }[EventType];

/**
 * Plays every app's history: the events, oldest first (so event ids ascend with time; at the same
 * instant apps keep the fixture's order and each app its history's order), and each checklist
 * item's state by `code@version:key` once its answers and verdicts are in.
 */
function replay(apps: AppFixture[], at: (ago: Ago) => Date) {
  const events: TimedEvent[] = [];
  const items = new Map<string, ItemState>();
  apps.forEach((app, appIndex) => {
    const record = (ago: Ago, by: UserKey | null, version: string | undefined, { type, payload }: EventBody) =>
      events.push({
        ago,
        app: appIndex,
        seq: events.length,
        event: {
          type,
          payload,
          appId: ids.app(app.code),
          versionId: version ? ids.version(`${app.code}@${version}`) : null,
          partnerId: ids.partner(app.partner),
          actorId: by ? ids.user(by) : null,
          createdAt: at(ago),
        } as NewEvent & { createdAt: Date },
      });
    const item = (version: string, key: string) => {
      const name = `${app.code}@${version}:${key}`;
      return items.get(name) ?? items.set(name, {}).get(name)!;
    };
    for (const entry of app.history) {
      if ('answers' in entry) {
        // One item a second, as the partner fills the form in.
        Object.entries(entry.answers).forEach(([key, answer], i) => {
          const state = item(entry.version, key);
          const ago = entry.at - s(i);
          record(ago, entry.by, entry.version, {
            type: 'checklist.answered',
            payload: { key, answer: { old: state.answer ?? null, new: answer } },
          });
          Object.assign(state, { answer, answeredAt: ago, answeredBy: entry.by });
        });
      } else if ('verdicts' in entry) {
        Object.entries(entry.verdicts).forEach(([key, value], i) => {
          const [verdict, comment] = typeof value === 'string' ? [value, null] : value;
          const state = item(entry.version, key);
          const ago = entry.at - s(i);
          record(ago, entry.by, entry.version, {
            type: 'checklist.verdict_set',
            payload: { key, verdict: { old: state.verdict ?? null, new: verdict }, comment },
          });
          Object.assign(state, { verdict, verdictComment: comment, verdictAt: ago, verdictBy: entry.by });
        });
      } else {
        record(entry.at, entry.by, entry.version, entry);
      }
    }
  });
  events.sort((a, b) => b.ago - a.ago || a.app - b.app || a.seq - b.seq);
  return { events: events.map((e) => e.event), items };
}

/**
 * What a review round froze, in the shape `takeSnapshot` reads from the database (built here to
 * spare a query per round; test/database.test.ts checks that the two agree).
 */
function snapshotOf(
  app: AppFixture,
  version: VersionFixture,
  template: DemoFixture['templates'][number]['items'],
  answer: (key: string) => string | null,
): RoundSnapshot {
  const simple = version.connection === 'simple';
  return {
    listing: {
      texts: Object.fromEntries(
        Object.entries(app.texts)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([locale, text]) => [locale, { ...text }]),
      ),
      sectionKey: app.section,
      countries: [...app.countries].sort(),
      logoSvg: logoSvg(app.logo),
      priceMinor: app.priceMinor,
      discountedPriceMinor: app.discountedPriceMinor ?? null,
      trialDays: app.trialDays ?? null,
      currency: app.currency,
      supportUrl: app.supportUrl,
      documentationUrl: app.documentationUrl,
    },
    manifest: {
      version: version.version,
      changelog: version.changelog,
      minApiVersion: version.minApiVersion,
      connectionUrl: simple ? (version.configurationUrl ?? null) : version.connection,
      simpleConnection: simple,
      scopes: [...version.scopes]
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .map((s) => ({ key: s.key, justification: s.justification, pollingIntervalSeconds: s.pollingIntervalSeconds ?? null })),
    },
    checklist: template.map((item) => ({
      key: item.key,
      label: item.label,
      mandatory: item.mandatory,
      answer: answer(item.key),
    })),
  };
}

function logoSvg([initials, color]: [string, string]): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">' +
    `<rect width="64" height="64" rx="14" fill="${color}"/>` +
    '<text x="32" y="41" font-family="Helvetica, Arial, sans-serif" font-size="24" font-weight="700" ' +
    `text-anchor="middle" fill="#ffffff">${initials}</text></svg>`
  );
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed: unknown ${what}`);
  return value;
}
