/**
 * The demo marketplace: two partners with apps in every stage and status, staff with a queue to
 * work through, accounts with installations, and the event history that led there.
 *
 * The seed is deterministic: every time is an offset from `now`, and every id is derived from a
 * name (so two runs produce the same content, and the same ids). It is written as one story per
 * app, told with helpers that mirror the product's operations (submit, claim, approve, …); each
 * helper updates the planned rows and records the event the product would have recorded. The plan
 * is then written in bulk, in foreign-key order, inside one transaction; events go last, sorted
 * by time, so their ids ascend with `createdAt`.
 */
import { createHash } from 'node:crypto';
import { hashApiKey } from '../auth/api-keys.js';
import { hashPassword } from '../auth/passwords.js';
import { instantiateChecklist } from '../domain/checklist.js';
import { takeSnapshot, type RoundSnapshot } from '../domain/snapshot.js';
import { recordEvent, type NewEvent, type NewEventOf } from '../events/log.js';
import type { EventType } from '../events/types.js';
import type { Prisma } from '../generated/prisma/client.js';
import type {
  ChecklistAnswerKind,
  ConsultationStatus,
  RoundOutcome,
  ThreadAnchor,
  Verdict,
  VersionStatus,
} from '../generated/prisma/enums.js';
import type { PrismaClient, Tx } from './client.js';

// ─── What the sign-in page and the README print ────────────────────────────

export const DEMO_PASSWORD = 'vetline-demo';

export type DemoRole = 'ADMIN' | 'REVIEWER' | 'PARTNER_OWNER' | 'PARTNER_MEMBER';

export interface DemoUser {
  email: string;
  name: string;
  role: DemoRole;
  /** The partner's display name, for partner members. */
  partner?: string;
}

export interface DemoApiKey {
  secret: string;
  kind: 'CATALOG' | 'ACCOUNT';
  name: string;
  /** The account's display name, for account keys. */
  account?: string;
}

/** Known demo logins and API keys, printed on the sign-in page and the README. */
export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@vetline.dev', name: 'Alex Admin', role: 'ADMIN' },
  { email: 'rita@vetline.dev', name: 'Rita Reyes', role: 'REVIEWER' },
  { email: 'ivan@vetline.dev', name: 'Ivan Orlov', role: 'REVIEWER' },
  { email: 'anna@acme.dev', name: 'Anna Acker', role: 'PARTNER_OWNER', partner: 'Acme Apps' },
  { email: 'max@acme.dev', name: 'Max Mayer', role: 'PARTNER_MEMBER', partner: 'Acme Apps' },
  { email: 'olga@nordlys.dev', name: 'Olga Nordahl', role: 'PARTNER_OWNER', partner: 'Nordlys Software' },
];

export const DEMO_API_KEYS: DemoApiKey[] = [
  { secret: 'vl_catalog_demo', kind: 'CATALOG', name: 'Demo storefront' },
  { secret: 'vl_account_corner_shop', kind: 'ACCOUNT', name: 'Corner Shop connector', account: 'Corner Shop' },
  { secret: 'vl_account_magazin', kind: 'ACCOUNT', name: 'Магазин у дома connector', account: 'Магазин у дома' },
  { secret: 'vl_account_old_town', kind: 'ACCOUNT', name: 'Old Town Store connector', account: 'Old Town Store' },
];

// ─── Ids and times ──────────────────────────────────────────────────────────

/** A stable, cuid-shaped id derived from a name, so every run produces the same rows. */
function sid(kind: string, name: string): string {
  return `c${createHash('sha256').update(`vetline-demo:${kind}:${name}`).digest('hex').slice(0, 24)}`;
}

function hoursAgo(now: Date, hours: number): Date {
  return new Date(now.getTime() - Math.round(hours * 3_600_000));
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed: unknown ${what}`);
  return value;
}

// ─── People, partners, accounts ─────────────────────────────────────────────

type UserKey = 'admin' | 'rita' | 'ivan' | 'anna' | 'max' | 'olga';
type PartnerKey = 'acme' | 'nordlys';
type AccountKey = 'corner' | 'magazin' | 'oldtown';

const USER_EMAILS: Record<UserKey, string> = {
  admin: 'admin@vetline.dev',
  rita: 'rita@vetline.dev',
  ivan: 'ivan@vetline.dev',
  anna: 'anna@acme.dev',
  max: 'max@acme.dev',
  olga: 'olga@nordlys.dev',
};

const userId = (key: UserKey) => sid('user', USER_EMAILS[key]);

const PARTNERS: Record<PartnerKey, { slug: string; name: string; domain: string; since: number }> = {
  acme: { slug: 'acme', name: 'Acme Apps', domain: 'acme.dev', since: 330 },
  nordlys: { slug: 'nordlys', name: 'Nordlys Software', domain: 'nordlys.dev', since: 210 },
};

const partnerId = (key: PartnerKey) => sid('partner', PARTNERS[key].slug);

const ACCOUNTS: Record<AccountKey, { name: string; country: string; apiVersion: number }> = {
  corner: { name: 'Corner Shop', country: 'US', apiVersion: 5 },
  magazin: { name: 'Магазин у дома', country: 'RU', apiVersion: 5 },
  oldtown: { name: 'Old Town Store', country: 'DE', apiVersion: 2 },
};

const accountId = (key: AccountKey) => sid('account', ACCOUNTS[key].name);

// ─── Marketplace catalogue: sections, scopes, checklist templates ───────────

type SectionKey = 'payments' | 'delivery' | 'marketing' | 'analytics' | 'communications' | 'crm-tools';

const SECTIONS: { key: SectionKey; en: string; ru: string }[] = [
  { key: 'payments', en: 'Payments', ru: 'Платежи' },
  { key: 'delivery', en: 'Delivery', ru: 'Доставка' },
  { key: 'marketing', en: 'Marketing', ru: 'Маркетинг' },
  { key: 'analytics', en: 'Analytics', ru: 'Аналитика' },
  { key: 'communications', en: 'Communications', ru: 'Коммуникации' },
  { key: 'crm-tools', en: 'CRM tools', ru: 'CRM-системы' },
];

const sectionId = (key: SectionKey) => sid('section', key);

type ScopeKey =
  | 'orders.read'
  | 'orders.write'
  | 'customers.read'
  | 'customers.write'
  | 'payments.write'
  | 'products.read'
  | 'products.write'
  | 'delivery.write'
  | 'analytics.read'
  | 'loyalty.write'
  | 'messages.send';

const SCOPES: { key: ScopeKey; label: string; description: string; polling?: true }[] = [
  { key: 'orders.read', label: 'Read orders', description: 'Read orders with their items, totals and statuses.' },
  { key: 'orders.write', label: 'Update orders', description: 'Change order statuses and add notes, refunds and tracking numbers.' },
  { key: 'customers.read', label: 'Read customers', description: 'Read customer profiles and contact details.' },
  { key: 'customers.write', label: 'Update customers', description: 'Create customers and update their profiles.' },
  { key: 'payments.write', label: 'Record payments', description: 'Record payments, refunds and chargebacks on orders.' },
  { key: 'products.read', label: 'Read products', description: 'Read products, categories, prices and stock levels.' },
  { key: 'products.write', label: 'Update products', description: 'Create and update products, prices and stock levels.' },
  { key: 'delivery.write', label: 'Manage deliveries', description: 'Offer delivery options at checkout, create shipments and update their status.' },
  { key: 'analytics.read', label: 'Read analytics', description: 'Poll aggregated sales and traffic statistics.', polling: true },
  { key: 'loyalty.write', label: 'Manage loyalty', description: 'Award and redeem bonus points and issue coupons.' },
  { key: 'messages.send', label: 'Send messages', description: "Send e-mail, SMS and chat messages to customers on the store's behalf." },
];

interface TemplateItemDef {
  key: string;
  label: string;
  help: string;
  kind: ChecklistAnswerKind;
  mandatory: boolean;
}

const DEFAULT_ITEMS: TemplateItemDef[] = [
  {
    key: 'connects-account',
    kind: 'CONFIRMATION',
    mandatory: true,
    label: "Connects correctly to the customer's account",
    help: "Connecting from the marketplace links the store to the right account in your service, with no manual steps.",
  },
  {
    key: 'disconnect-reconnect',
    kind: 'CONFIRMATION',
    mandatory: true,
    label: 'Handles disconnection and reconnection',
    help: 'Disconnecting stops every API call; connecting again restores the settings without duplicates.',
  },
  {
    key: 'existing-user',
    kind: 'CONFIRMATION',
    mandatory: true,
    label: 'Handles connection of a user already registered with the partner',
    help: 'A store owner who already has an account in your service is signed in to it, not given a second one.',
  },
  {
    key: 'test-account',
    kind: 'CREDENTIALS',
    mandatory: true,
    label: 'Test account for the reviewer',
    help: 'A login and password the reviewer can use to try the integration end to end.',
  },
  {
    key: 'setup-guide',
    kind: 'URL',
    mandatory: true,
    label: 'Step-by-step setup guide',
    help: 'A public page that walks a store owner through the setup, with screenshots.',
  },
  {
    key: 'api-accesses',
    kind: 'TEXT',
    mandatory: true,
    label: 'List of API accesses with intervals and reasons',
    help: 'For every API access: what it is used for and, for polling access, how often.',
  },
  {
    key: 'support-contact',
    kind: 'TEXT',
    mandatory: false,
    label: 'Support contact',
    help: 'Where store owners get help: e-mail, phone, opening hours.',
  },
];

const PAYMENT_ITEMS: TemplateItemDef[] = [
  ...DEFAULT_ITEMS.slice(0, 1),
  {
    key: 'transmits-payments',
    kind: 'CONFIRMATION',
    mandatory: true,
    label: 'Transmits payment data to the order',
    help: 'Every payment and refund is recorded on its order with the amount and status.',
  },
  {
    key: 'transmits-chargebacks',
    kind: 'CONFIRMATION',
    mandatory: true,
    label: 'Transmits chargebacks to the order',
    help: 'A chargeback opened with the payment provider is reported on its order.',
  },
  ...DEFAULT_ITEMS.slice(1),
];

/** The template instantiateChecklist picks: the section's own, else the default one. */
function templateFor(section: SectionKey): TemplateItemDef[] {
  return section === 'payments' ? PAYMENT_ITEMS : DEFAULT_ITEMS;
}

// ─── The plan: rows to write and the events that explain them ───────────────

interface ListingTextDef {
  name: string;
  description: string;
  installationGuide: string;
}

type Locale = 'en' | 'ru';

interface AppDef {
  code: string;
  partner: PartnerKey;
  by: UserKey;
  at: Date;
  section: SectionKey;
  countries: string[];
  /** Initials and background colour of the generated SVG logo. */
  logo: [string, string];
  priceMinor: number;
  discountedPriceMinor?: number;
  trialDays?: number;
  currency: 'USD' | 'EUR' | 'RUB';
  texts: Record<Locale, ListingTextDef>;
  /** Consultation was switched off by policy when the app was created. */
  consultationNotRequired?: true;
}

interface PlannedApp {
  id: string;
  code: string;
  partner: PartnerKey;
  section: SectionKey;
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
  consultation: ConsultationStatus;
  consultationNote: string | null;
  consultationAt: Date | null;
  partnerDisabled: boolean;
  platformDisabled: boolean;
  platformDisabledWhy: string | null;
  countries: string[];
  logoSvg: string;
  priceMinor: number;
  discountedPriceMinor: number | null;
  trialDays: number | null;
  currency: string;
  supportUrl: string;
  documentationUrl: string;
  texts: Record<Locale, ListingTextDef>;
  versions: PlannedVersion[];
}

interface ScopeRequest {
  key: ScopeKey;
  justification: string;
  pollingIntervalSeconds?: number;
}

interface VersionDef {
  version: string;
  changelog: string;
  minApiVersion: number;
  /** The connection page URL, or 'simple' for simple connection. */
  connection: string;
  scopes: ScopeRequest[];
  by: UserKey;
  at: Date;
  autoRelease?: boolean;
}

interface ItemState {
  answer: string | null;
  answeredAt: Date | null;
  answeredById: string | null;
  verdict: Verdict | null;
  verdictComment: string | null;
  verdictAt: Date | null;
  verdictById: string | null;
}

interface PlannedRound {
  id: string;
  number: number;
  submittedAt: Date;
  endedAt: Date | null;
  outcome: RoundOutcome | null;
  /** Rewinds the snapshot (taken from the final state) to what this earlier round saw. */
  rewind?: (snapshot: RoundSnapshot) => void;
}

interface PlannedVersion {
  id: string;
  app: PlannedApp;
  version: string;
  changelog: string;
  minApiVersion: number;
  connectionUrl: string | null;
  simpleConnection: boolean;
  status: VersionStatus;
  autoRelease: boolean;
  assigneeId: string | null;
  claimedAt: Date | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  releasedAt: Date | null;
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
  scopes: ScopeRequest[];
  items: Map<string, ItemState>;
  rounds: PlannedRound[];
}

interface PlannedComment {
  id: string;
  authorId: string;
  body: string;
  createdAt: Date;
}

interface PlannedThread {
  id: string;
  version: PlannedVersion;
  roundId: string | null;
  anchor: ThreadAnchor;
  anchorKey: string | null;
  title: string;
  blocking: boolean;
  status: 'OPEN' | 'RESOLVED';
  addressedAt: Date | null;
  resolvedAt: Date | null;
  resolvedById: string | null;
  authorId: string;
  createdAt: Date;
  comments: PlannedComment[];
}

interface PlannedInstallation {
  id: string;
  app: PlannedApp;
  accountId: string;
  versionId: string;
  grantedScopes: string[];
  connectedAt: Date;
  disconnectedAt: Date | null;
}

interface ThreadDef {
  anchor: ThreadAnchor;
  anchorKey?: string;
  title: string;
  body: string;
  blocking?: boolean;
}

interface VerdictDef {
  /** Keys to pass; defaults to every item not failed or marked not applicable. */
  pass?: string[];
  fail?: Record<string, string>;
  notApplicable?: Record<string, string>;
}

const IN_FLIGHT: VersionStatus[] = ['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED'];

function logoSvg([initials, color]: [string, string]): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">' +
    `<rect width="64" height="64" rx="14" fill="${color}"/>` +
    '<text x="32" y="41" font-family="Helvetica, Arial, sans-serif" font-size="24" font-weight="700" ' +
    `text-anchor="middle" fill="#ffffff">${initials}</text></svg>`
  );
}

/** An event's type with its payload, checked against `EventPayloads[type]`. */
type EventBody = { [T in EventType]: Pick<NewEventOf<T>, 'type' | 'payload'> }[EventType];

/** Builds the demo data in memory, one app's story at a time. */
class Plan {
  readonly apps: PlannedApp[] = [];
  readonly threads: PlannedThread[] = [];
  readonly installations: PlannedInstallation[] = [];
  private readonly events: { seq: number; event: NewEvent & { createdAt: Date } }[] = [];
  private readonly lastEventAt = new Map<string, number>();

  constructor(private readonly now: Date) {}

  /** Events in the order they happened (ties keep the story's order). */
  sortedEvents(): (NewEvent & { createdAt: Date })[] {
    return [...this.events]
      .sort((a, b) => a.event.createdAt.getTime() - b.event.createdAt.getTime() || a.seq - b.seq)
      .map((entry) => entry.event);
  }

  private event(app: PlannedApp, version: PlannedVersion | null, actor: UserKey | null, at: Date, body: EventBody) {
    const { type } = body;
    // Each story is told in order; catching a step told out of order keeps the history sane.
    const last = this.lastEventAt.get(app.id) ?? 0;
    if (at.getTime() < last) throw new Error(`seed: ${app.code} ${type} is earlier than the step before it`);
    if (at.getTime() > this.now.getTime()) throw new Error(`seed: ${app.code} ${type} is in the future`);
    this.lastEventAt.set(app.id, at.getTime());
    app.updatedAt = at;
    this.events.push({
      seq: this.events.length,
      event: {
        ...body,
        appId: app.id,
        versionId: version?.id ?? null,
        partnerId: partnerId(app.partner),
        actorId: actor ? userId(actor) : null,
        createdAt: at,
      },
    });
  }

  private expect(version: PlannedVersion, step: string, ...allowed: VersionStatus[]) {
    if (!allowed.includes(version.status)) {
      throw new Error(`seed: cannot ${step} ${version.app.code} ${version.version} in status ${version.status}`);
    }
  }

  private setStatus(version: PlannedVersion, status: VersionStatus, at: Date) {
    const old = version.status;
    version.status = status;
    version.updatedAt = at;
    return { old, new: status };
  }

  private openRound(version: PlannedVersion): PlannedRound {
    const round = version.rounds.at(-1);
    if (!round || round.endedAt) throw new Error(`seed: ${version.app.code} ${version.version} has no open round`);
    return round;
  }

  private endRound(version: PlannedVersion, outcome: RoundOutcome, at: Date): PlannedRound {
    const round = this.openRound(version);
    round.endedAt = at;
    round.outcome = outcome;
    return round;
  }

  // ── Apps and consultation

  app(def: AppDef): PlannedApp {
    const partner = PARTNERS[def.partner];
    const product = def.code.replace(/^(acme|nordlys)-/, '');
    const app: PlannedApp = {
      id: sid('app', def.code),
      code: def.code,
      partner: def.partner,
      section: def.section,
      createdById: userId(def.by),
      createdAt: def.at,
      updatedAt: def.at,
      consultation: def.consultationNotRequired ? 'NOT_REQUIRED' : 'NOT_REQUESTED',
      consultationNote: null,
      consultationAt: null,
      partnerDisabled: false,
      platformDisabled: false,
      platformDisabledWhy: null,
      countries: def.countries,
      logoSvg: logoSvg(def.logo),
      priceMinor: def.priceMinor,
      discountedPriceMinor: def.discountedPriceMinor ?? null,
      trialDays: def.trialDays ?? null,
      currency: def.currency,
      supportUrl: `https://${partner.domain}/support/${product}`,
      documentationUrl: `https://docs.${partner.domain}/${product}`,
      texts: { en: { ...def.texts.en }, ru: { ...def.texts.ru } },
      versions: [],
    };
    this.apps.push(app);
    this.event(app, null, def.by, def.at, {
      type: 'app.created',
      payload: { code: app.code, consultation: app.consultation },
    });
    return app;
  }

  requestConsultation(app: PlannedApp, by: UserKey, at: Date) {
    const old = app.consultation;
    app.consultation = 'REQUESTED';
    app.consultationAt = at;
    this.event(app, null, by, at, {
      type: 'app.consultation_requested',
      payload: { consultation: { old, new: 'REQUESTED' } },
    });
  }

  decideConsultation(app: PlannedApp, by: UserKey, at: Date, outcome: 'APPROVED' | 'DECLINED', note?: string) {
    const old = app.consultation;
    app.consultation = outcome;
    app.consultationAt = at;
    app.consultationNote = note ?? null;
    this.event(app, null, by, at, {
      type: 'app.consultation_decided',
      payload: { consultation: { old, new: outcome }, note: note ?? null },
    });
  }

  /** Request and approval in one go, for apps whose consultation is not the point of their story. */
  consulted(app: PlannedApp, by: UserKey, requestedAt: Date, decidedAt: Date) {
    this.requestConsultation(app, by, requestedAt);
    this.decideConsultation(app, 'admin', decidedAt, 'APPROVED');
  }

  editListing(app: PlannedApp, by: UserKey, at: Date, locale: Locale, field: keyof ListingTextDef, value: string) {
    const old = app.texts[locale][field];
    app.texts[locale][field] = value;
    this.event(app, null, by, at, {
      type: 'app.listing_updated',
      payload: { changes: { [`${field}.${locale}`]: { old, new: value } } },
    });
  }

  setPartnerDisabled(app: PlannedApp, by: UserKey, at: Date, disabled: boolean) {
    const old = app.partnerDisabled;
    app.partnerDisabled = disabled;
    this.event(app, null, by, at, {
      type: 'app.partner_state_changed',
      payload: { partnerDisabled: { old, new: disabled } },
    });
  }

  setPlatformDisabled(app: PlannedApp, by: UserKey, at: Date, disabled: boolean, why: string | null) {
    const old = app.platformDisabled;
    app.platformDisabled = disabled;
    app.platformDisabledWhy = why;
    this.event(app, null, by, at, {
      type: 'app.platform_disabled_changed',
      payload: { platformDisabled: { old, new: disabled }, reason: why },
    });
  }

  // ── Versions

  version(app: PlannedApp, def: VersionDef): PlannedVersion {
    const inFlight = app.versions.find((v) => IN_FLIGHT.includes(v.status));
    if (inFlight) throw new Error(`seed: ${app.code} already has ${inFlight.version} in flight`);
    for (const scope of def.scopes) {
      const polling = SCOPES.find((s) => s.key === scope.key)?.polling ?? false;
      if (polling !== (scope.pollingIntervalSeconds !== undefined)) {
        throw new Error(`seed: ${app.code} ${def.version} ${scope.key}: an interval goes with polling scopes only`);
      }
    }
    const simple = def.connection === 'simple';
    const version: PlannedVersion = {
      id: sid('version', `${app.code}@${def.version}`),
      app,
      version: def.version,
      changelog: def.changelog,
      minApiVersion: def.minApiVersion,
      connectionUrl: simple ? null : def.connection,
      simpleConnection: simple,
      status: 'DRAFT',
      autoRelease: def.autoRelease ?? false,
      assigneeId: null,
      claimedAt: null,
      submittedAt: null,
      decidedAt: null,
      releasedAt: null,
      createdById: userId(def.by),
      createdAt: def.at,
      updatedAt: def.at,
      scopes: def.scopes,
      items: new Map(),
      rounds: [],
    };
    app.versions.push(version);
    this.event(app, version, def.by, def.at, {
      type: 'version.created',
      payload: { version: def.version, status: { old: null, new: 'DRAFT' } },
    });
    return version;
  }

  updateVersion(version: PlannedVersion, by: UserKey, at: Date, changelog: string) {
    version.changelog = changelog;
    version.updatedAt = at;
    this.event(version.app, version, by, at, {
      type: 'version.updated',
      payload: { version: version.version, changed: ['changelog'] },
    });
  }

  private item(version: PlannedVersion, key: string): ItemState {
    if (!templateFor(version.app.section).some((item) => item.key === key)) {
      throw new Error(`seed: ${version.app.code} has no checklist item ${key}`);
    }
    let state = version.items.get(key);
    if (!state) {
      state = {
        answer: null,
        answeredAt: null,
        answeredById: null,
        verdict: null,
        verdictComment: null,
        verdictAt: null,
        verdictById: null,
      };
      version.items.set(key, state);
    }
    return state;
  }

  private answerFor(version: PlannedVersion, item: TemplateItemDef): string {
    const { app } = version;
    switch (item.kind) {
      case 'CONFIRMATION':
        return 'yes';
      case 'CREDENTIALS':
        return 'login: demo / password: demo';
      case 'URL':
        return `${app.documentationUrl}/setup`;
      case 'TEXT':
        if (item.key === 'api-accesses') {
          return version.scopes
            .map((s) =>
              s.pollingIntervalSeconds
                ? `${s.key}: polled every ${s.pollingIntervalSeconds / 60} min. ${s.justification}`
                : `${s.key}: on demand. ${s.justification}`,
            )
            .join('\n');
        }
        return `support@${PARTNERS[app.partner].domain}, Mon–Fri 9:00–18:00 CET`;
    }
  }

  /** The partner answers checklist items, one a second from `at`: the given keys, or all of them. */
  answer(version: PlannedVersion, by: UserKey, at: Date, keys?: string[]) {
    const template = templateFor(version.app.section);
    const items = keys ? keys.map((key) => must(template.find((i) => i.key === key), `item ${key}`)) : template;
    items.forEach((item, i) => {
      const answeredAt = new Date(at.getTime() + i * 1000);
      const state = this.item(version, item.key);
      const old = state.answer;
      const answer = this.answerFor(version, item);
      Object.assign(state, { answer, answeredAt, answeredById: userId(by) });
      version.updatedAt = answeredAt;
      this.event(version.app, version, by, answeredAt, {
        type: 'checklist.answered',
        payload: { key: item.key, answer: { old, new: answer } },
      });
    });
  }

  submit(version: PlannedVersion, by: UserKey, at: Date) {
    this.expect(version, 'submit', 'DRAFT', 'CHANGES_REQUESTED');
    const number = version.rounds.length + 1;
    const round: PlannedRound = {
      id: sid('round', `${version.id}#${number}`),
      number,
      submittedAt: at,
      endedAt: null,
      outcome: null,
    };
    version.rounds.push(round);
    version.submittedAt = at;
    version.assigneeId = null;
    version.claimedAt = null;
    const status = this.setStatus(version, 'SUBMITTED', at);
    this.event(version.app, version, by, at, {
      type: 'version.submitted',
      payload: { version: version.version, status, round: number, autoRelease: version.autoRelease },
    });
    return round;
  }

  claim(version: PlannedVersion, by: UserKey, at: Date) {
    this.expect(version, 'claim', 'SUBMITTED');
    version.assigneeId = userId(by);
    version.claimedAt = at;
    const status = this.setStatus(version, 'IN_REVIEW', at);
    this.event(version.app, version, by, at, {
      type: 'version.claimed',
      payload: { version: version.version, status, assigneeId: userId(by) },
    });
  }

  assign(version: PlannedVersion, by: UserKey, at: Date, to: UserKey) {
    this.expect(version, 'assign', 'IN_REVIEW');
    const old = version.assigneeId;
    version.assigneeId = userId(to);
    version.claimedAt = at;
    const status = this.setStatus(version, 'IN_REVIEW', at);
    this.event(version.app, version, by, at, {
      type: 'version.assigned',
      payload: { version: version.version, status, assigneeId: { old, new: userId(to) } },
    });
  }

  verdicts(version: PlannedVersion, by: UserKey, at: Date, def: VerdictDef = {}) {
    this.expect(version, 'set verdicts on', 'IN_REVIEW');
    const fail = def.fail ?? {};
    const notApplicable = def.notApplicable ?? {};
    const pass =
      def.pass ??
      templateFor(version.app.section)
        .map((item) => item.key)
        .filter((key) => !(key in fail) && !(key in notApplicable));
    const changes: [string, Verdict, string | null][] = [
      ...pass.map((key): [string, Verdict, null] => [key, 'PASS', null]),
      ...Object.entries(fail).map(([key, comment]): [string, Verdict, string] => [key, 'FAIL', comment]),
      ...Object.entries(notApplicable).map(([key, comment]): [string, Verdict, string] => [key, 'NOT_APPLICABLE', comment]),
    ];
    changes.forEach(([key, verdict, comment], i) => {
      const verdictAt = new Date(at.getTime() + i * 1000);
      const state = this.item(version, key);
      const old = state.verdict;
      Object.assign(state, { verdict, verdictComment: comment, verdictAt, verdictById: userId(by) });
      this.event(version.app, version, by, verdictAt, {
        type: 'checklist.verdict_set',
        payload: { key, verdict: { old, new: verdict }, comment },
      });
    });
  }

  requestChanges(version: PlannedVersion, by: UserKey, at: Date) {
    this.expect(version, 'request changes on', 'IN_REVIEW');
    const openThreads = this.threads.filter((t) => t.version === version && t.status === 'OPEN').map((t) => t.id);
    if (openThreads.length === 0) throw new Error(`seed: ${version.app.code} changes requested without an open thread`);
    this.endRound(version, 'CHANGES_REQUESTED', at);
    const status = this.setStatus(version, 'CHANGES_REQUESTED', at);
    const failedItems = [...version.items].filter(([, state]) => state.verdict === 'FAIL').map(([key]) => key);
    this.event(version.app, version, by, at, {
      type: 'version.changes_requested',
      payload: { version: version.version, status, summary: null, failedItems, openThreads },
    });
  }

  approve(version: PlannedVersion, by: UserKey, at: Date) {
    this.expect(version, 'approve', 'IN_REVIEW');
    if (this.threads.some((t) => t.version === version && t.status === 'OPEN' && t.blocking)) {
      throw new Error(`seed: ${version.app.code} approved with a blocking thread open`);
    }
    this.endRound(version, 'APPROVED', at);
    version.decidedAt = at;
    const status = this.setStatus(version, 'APPROVED', at);
    this.event(version.app, version, by, at, {
      type: 'version.approved',
      payload: { version: version.version, status },
    });
    if (version.autoRelease) this.release(version, null, at);
  }

  reject(version: PlannedVersion, by: UserKey, at: Date, reason: string) {
    this.expect(version, 'reject', 'IN_REVIEW');
    this.endRound(version, 'REJECTED', at);
    version.decidedAt = at;
    const status = this.setStatus(version, 'REJECTED', at);
    this.event(version.app, version, by, at, {
      type: 'version.rejected',
      payload: { version: version.version, status, reason },
    });
  }

  withdraw(version: PlannedVersion, by: UserKey, at: Date) {
    this.expect(version, 'withdraw', 'SUBMITTED', 'IN_REVIEW');
    this.endRound(version, 'WITHDRAWN', at);
    const status = this.setStatus(version, 'WITHDRAWN', at);
    this.event(version.app, version, by, at, {
      type: 'version.withdrawn',
      payload: { version: version.version, status },
    });
  }

  /** Puts an approved version live; `by` is null for an automatic release. */
  release(version: PlannedVersion, by: UserKey | null, at: Date) {
    this.expect(version, 'release', 'APPROVED');
    const previous = version.app.versions.find((v) => v.status === 'LIVE');
    if (previous) {
      const status = this.setStatus(previous, 'SUPERSEDED', at);
      this.event(version.app, previous, by, at, {
        type: 'version.superseded',
        payload: { version: previous.version, status, by: version.id },
      });
    }
    version.releasedAt = at;
    const status = this.setStatus(version, 'LIVE', at);
    this.event(version.app, version, by, at, {
      type: 'version.released',
      payload: { version: version.version, status, automatic: by === null, supersedes: previous?.id ?? null },
    });
  }

  // ── Threads

  thread(version: PlannedVersion, by: UserKey, at: Date, def: ThreadDef): PlannedThread {
    const round = version.rounds.at(-1) ?? null;
    const thread: PlannedThread = {
      id: sid('thread', `${version.id}#${this.threads.filter((t) => t.version === version).length + 1}`),
      version,
      roundId: round?.id ?? null,
      anchor: def.anchor,
      anchorKey: def.anchorKey ?? null,
      title: def.title,
      blocking: def.blocking ?? true,
      status: 'OPEN',
      addressedAt: null,
      resolvedAt: null,
      resolvedById: null,
      authorId: userId(by),
      createdAt: at,
      comments: [],
    };
    if (def.anchor === 'CHECKLIST_ITEM') this.item(version, must(def.anchorKey, 'anchor key'));
    this.threads.push(thread);
    this.addComment(thread, by, at, def.body);
    this.event(version.app, version, by, at, {
      type: 'thread.opened',
      payload: {
        threadId: thread.id,
        title: thread.title,
        anchor: thread.anchor,
        anchorKey: thread.anchorKey,
        blocking: thread.blocking,
      },
    });
    return thread;
  }

  private addComment(thread: PlannedThread, by: UserKey, at: Date, body: string): PlannedComment {
    const comment: PlannedComment = {
      id: sid('comment', `${thread.id}#${thread.comments.length + 1}`),
      authorId: userId(by),
      body,
      createdAt: at,
    };
    thread.comments.push(comment);
    return comment;
  }

  comment(thread: PlannedThread, by: UserKey, at: Date, body: string) {
    const comment = this.addComment(thread, by, at, body);
    this.event(thread.version.app, thread.version, by, at, {
      type: 'thread.comment_posted',
      payload: { threadId: thread.id, commentId: comment.id },
    });
  }

  address(thread: PlannedThread, by: UserKey, at: Date) {
    thread.addressedAt = at;
    this.event(thread.version.app, thread.version, by, at, {
      type: 'thread.addressed',
      payload: { threadId: thread.id },
    });
  }

  resolve(thread: PlannedThread, by: UserKey, at: Date) {
    thread.status = 'RESOLVED';
    thread.resolvedAt = at;
    thread.resolvedById = userId(by);
    this.event(thread.version.app, thread.version, by, at, {
      type: 'thread.resolved',
      payload: { threadId: thread.id, status: { old: 'OPEN', new: 'RESOLVED' } },
    });
  }

  // ── Installations (made by accounts through the API, so no user acts)

  install(version: PlannedVersion, account: AccountKey, at: Date): PlannedInstallation {
    const { app } = version;
    const acc = ACCOUNTS[account];
    if (!app.countries.includes(acc.country) || acc.apiVersion < version.minApiVersion) {
      throw new Error(`seed: ${acc.name} cannot install ${app.code} ${version.version}`);
    }
    const installation: PlannedInstallation = {
      id: sid('installation', `${app.code}:${account}:${this.installations.length + 1}`),
      app,
      accountId: accountId(account),
      versionId: version.id,
      grantedScopes: version.scopes.map((s) => s.key),
      connectedAt: at,
      disconnectedAt: null,
    };
    this.installations.push(installation);
    this.event(app, version, null, at, {
      type: 'installation.connected',
      payload: {
        installationId: installation.id,
        accountId: installation.accountId,
        grantedScopes: installation.grantedScopes,
      },
    });
    return installation;
  }

  disconnect(installation: PlannedInstallation, at: Date) {
    installation.disconnectedAt = at;
    const version = must(
      installation.app.versions.find((v) => v.id === installation.versionId),
      'installed version',
    );
    this.event(installation.app, version, null, at, {
      type: 'installation.disconnected',
      payload: { installationId: installation.id, accountId: installation.accountId },
    });
  }
}

// ─── The stories ────────────────────────────────────────────────────────────

const guide = (...steps: string[]) => steps.map((step, i) => `${i + 1}. ${step}`).join('\n');

function tellStories(p: Plan, now: Date) {
  const h = (hours: number) => hoursAgo(now, hours);
  const d = (days: number) => hoursAgo(now, days * 24);

  // 1. acme-pay: live 1.0 installed by Corner Shop, update 1.1 in review with an open blocking thread.
  const acmePay = p.app({
    code: 'acme-pay',
    partner: 'acme',
    by: 'anna',
    at: d(120),
    section: 'payments',
    countries: ['US', 'CA', 'GB', 'DE'],
    logo: ['AP', '#2563eb'],
    priceMinor: 0,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Pay',
        description:
          'Accept cards, Apple Pay and Google Pay at checkout. Payments, refunds and chargebacks show up on the order by themselves, so your books always match your bank.',
        installationGuide: guide(
          'Click Connect and sign in to Acme Pay, or create an account in two minutes.',
          'Choose the payment methods to offer at checkout.',
          'Place a test order and check that the payment appears on it.',
        ),
      },
      ru: {
        name: 'Acme Pay',
        description:
          'Принимайте банковские карты, Apple Pay и Google Pay при оформлении заказа. Платежи, возвраты и чарджбэки сами появляются в заказе, и учёт всегда сходится с банком.',
        installationGuide: guide(
          'Нажмите «Подключить» и войдите в Acme Pay или создайте аккаунт за две минуты.',
          'Выберите способы оплаты для страницы оформления заказа.',
          'Оформите тестовый заказ и проверьте, что платёж появился в нём.',
        ),
      },
    },
  });
  p.requestConsultation(acmePay, 'anna', d(119));
  p.decideConsultation(acmePay, 'admin', d(117), 'APPROVED', 'Card payments are much asked for in the US and the EU. Welcome aboard!');
  const acmePay10 = p.version(acmePay, {
    version: '1.0',
    changelog: 'First release: cards, Apple Pay and Google Pay at checkout; refunds from the Acme dashboard.',
    minApiVersion: 3,
    connection: 'https://pay.acme.dev/connect',
    scopes: [
      { key: 'orders.read', justification: 'Show the payment status next to each order.' },
      { key: 'payments.write', justification: 'Record payments and refunds on the order.' },
      { key: 'customers.read', justification: "Pre-fill the cardholder's name and e-mail." },
    ],
    by: 'anna',
    at: d(110),
  });
  p.answer(acmePay10, 'anna', d(100));
  p.submit(acmePay10, 'anna', d(95));
  p.claim(acmePay10, 'rita', d(94));
  p.verdicts(acmePay10, 'rita', d(93));
  p.approve(acmePay10, 'rita', d(92));
  p.release(acmePay10, 'anna', d(91));
  p.install(acmePay10, 'corner', d(80));
  const acmePay11 = p.version(acmePay, {
    version: '1.1',
    changelog: 'Refunds from the order page. Chargebacks are now reported back to the order.',
    minApiVersion: 3,
    connection: 'https://pay.acme.dev/connect',
    scopes: [
      { key: 'orders.read', justification: 'Show the payment status next to each order.' },
      { key: 'orders.write', justification: 'Mark orders as refunded and add a note with the chargeback reason.' },
      { key: 'payments.write', justification: 'Record payments, refunds and chargebacks on the order.' },
    ],
    by: 'max',
    at: d(10),
  });
  p.answer(acmePay11, 'max', d(4));
  p.submit(acmePay11, 'anna', h(72));
  p.claim(acmePay11, 'rita', h(48));
  p.verdicts(acmePay11, 'rita', h(41), {
    pass: ['connects-account', 'transmits-payments', 'disconnect-reconnect'],
    fail: { 'transmits-chargebacks': 'A test chargeback on order #1042 never reached the order.' },
  });
  const chargebacks = p.thread(acmePay11, 'rita', h(40), {
    anchor: 'CHECKLIST_ITEM',
    anchorKey: 'transmits-chargebacks',
    title: 'Chargebacks are not reported to the order',
    body: 'I opened a chargeback on test order #1042 in your sandbox; 30 minutes later the order still says "Paid". Please check the webhook that reports chargebacks.',
  });
  p.comment(
    chargebacks,
    'anna',
    h(30),
    'Thanks! The sandbox webhook still pointed at our staging host. It is fixed, and chargebacks now arrive within a minute; could you try order #1042 again?',
  );

  // 2. acme-ship: just created (stage CREATED), the Russian listing not written yet.
  p.app({
    code: 'acme-ship',
    partner: 'acme',
    by: 'max',
    at: d(5),
    section: 'delivery',
    countries: ['US', 'CA'],
    logo: ['AS', '#0891b2'],
    priceMinor: 900,
    trialDays: 14,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Ship',
        description: 'Compare carrier rates at checkout and print shipping labels in one click.',
        installationGuide: guide('Click Connect.', 'Add your carrier accounts.', 'Choose which rates customers see at checkout.'),
      },
      ru: { name: 'Acme Доставка', description: '', installationGuide: '' },
    },
  });

  // 3. acme-mail: waiting for its consultation (stage CONSULTATION).
  const acmeMail = p.app({
    code: 'acme-mail',
    partner: 'acme',
    by: 'anna',
    at: d(6),
    section: 'communications',
    countries: ['US', 'GB', 'DE'],
    logo: ['AM', '#db2777'],
    priceMinor: 1500,
    discountedPriceMinor: 1200,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Mail',
        description: 'Abandoned-cart reminders, order updates and newsletters that look good on every phone.',
        installationGuide: guide(
          'Click Connect and confirm your sender address.',
          'Pick a template for each e-mail.',
          'Switch on the campaigns you want.',
        ),
      },
      ru: {
        name: 'Acme Рассылки',
        description: 'Напоминания о брошенной корзине, уведомления о заказах и рассылки, которые хорошо выглядят на любом телефоне.',
        installationGuide: guide(
          'Нажмите «Подключить» и подтвердите адрес отправителя.',
          'Выберите шаблон для каждого письма.',
          'Включите нужные рассылки.',
        ),
      },
    },
  });
  p.requestConsultation(acmeMail, 'anna', d(5));

  // 4. acme-stats: in development, a draft with half the checklist and no Russian listing.
  const acmeStats = p.app({
    code: 'acme-stats',
    partner: 'acme',
    by: 'max',
    at: d(40),
    section: 'analytics',
    countries: ['US', 'CA', 'GB'],
    logo: ['St', '#7c3aed'],
    priceMinor: 1900,
    trialDays: 14,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Stats',
        description: 'An hourly sales dashboard and a daily e-mail report: revenue, average order and best sellers at a glance.',
        installationGuide: guide(
          'Click Connect; no account is needed.',
          'Open the dashboard from the Apps menu.',
          'Add the e-mail addresses that should get the daily report.',
        ),
      },
      ru: { name: '', description: '', installationGuide: '' },
    },
  });
  p.consulted(acmeStats, 'max', d(39), d(38));
  const acmeStats09 = p.version(acmeStats, {
    version: '0.9',
    changelog: 'Beta: the sales dashboard.',
    minApiVersion: 4,
    connection: 'simple',
    scopes: [
      {
        key: 'analytics.read',
        justification: 'Build the hourly sales dashboard.',
        pollingIntervalSeconds: 3600,
      },
      { key: 'orders.read', justification: 'Break sales down by product and channel.' },
    ],
    by: 'max',
    at: d(20),
  });
  p.answer(acmeStats09, 'max', d(12), ['connects-account', 'disconnect-reconnect', 'test-account']);
  p.updateVersion(acmeStats09, 'max', d(11), 'Beta: the sales dashboard and a daily e-mail report.');

  // 5. acme-loyalty: changes requested; one blocking thread addressed by the partner, one resolved.
  const acmeLoyalty = p.app({
    code: 'acme-loyalty',
    partner: 'acme',
    by: 'anna',
    at: d(60),
    section: 'marketing',
    countries: ['US', 'CA', 'GB', 'DE', 'RU'],
    logo: ['AL', '#ea580c'],
    priceMinor: 2900,
    discountedPriceMinor: 1900,
    trialDays: 30,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Loyalty',
        description:
          'Reward repeat customers with points, tiers and birthday coupons. Points are earned on every paid order and redeemed at checkout.',
        installationGuide: guide(
          'Click Connect and sign in to Acme Loyalty.',
          'Set how many points a dollar earns and what a point is worth.',
          'Turn on the points widget for your store.',
        ),
      },
      ru: {
        name: 'Acme Лояльность',
        description: 'Поощряйте постоянных покупателей баллами, уровнями и купонами ко дню рождения. Начисляйте баллы за',
        installationGuide: guide(
          'Нажмите «Подключить» и войдите в Acme Лояльность.',
          'Укажите, сколько баллов даёт каждый рубль и сколько стоит балл.',
          'Включите виджет баллов в магазине.',
        ),
      },
    },
  });
  p.consulted(acmeLoyalty, 'anna', d(59), d(57));
  const acmeLoyalty10 = p.version(acmeLoyalty, {
    version: '1.0',
    changelog: 'First release: points, tiers and birthday coupons.',
    minApiVersion: 3,
    connection: 'https://loyalty.acme.dev/connect',
    scopes: [
      { key: 'customers.read', justification: 'Match purchases to loyalty members.' },
      { key: 'orders.read', justification: 'Award points when an order is paid.' },
      { key: 'loyalty.write', justification: 'Award and redeem points and issue birthday coupons.' },
    ],
    by: 'anna',
    at: d(50),
  });
  p.answer(acmeLoyalty10, 'anna', d(30));
  const loyaltyRound1 = p.submit(acmeLoyalty10, 'anna', d(20));
  const truncatedRu = acmeLoyalty.texts.ru.description;
  loyaltyRound1.rewind = (snapshot) => {
    const ru = snapshot.listing.texts.ru;
    if (ru) ru.description = truncatedRu;
  };
  p.claim(acmeLoyalty10, 'ivan', d(18));
  p.verdicts(acmeLoyalty10, 'ivan', h(16 * 24), {
    fail: {
      'test-account': 'The demo login is rejected with "invalid password".',
      'setup-guide': 'The guide link returns 404.',
    },
  });
  const loyaltyLogin = p.thread(acmeLoyalty10, 'ivan', h(16 * 24 - 0.5), {
    anchor: 'CHECKLIST_ITEM',
    anchorKey: 'test-account',
    title: 'The test account does not work',
    body: 'Signing in with login "demo" and password "demo" fails with "invalid password". Please check the credentials or reset the account.',
  });
  const loyaltyRu = p.thread(acmeLoyalty10, 'ivan', h(16 * 24 - 1), {
    anchor: 'LISTING_FIELD',
    anchorKey: 'description.ru',
    title: 'The Russian description is cut off',
    body: 'The Russian description stops mid-sentence ("Начисляйте баллы за"). Please complete it.',
    blocking: false,
  });
  p.requestChanges(acmeLoyalty10, 'ivan', h(16 * 24 - 1.5));
  p.editListing(
    acmeLoyalty,
    'anna',
    d(12),
    'ru',
    'description',
    'Поощряйте постоянных покупателей баллами, уровнями и купонами ко дню рождения. Баллы начисляются за каждый оплаченный заказ и списываются при оформлении.',
  );
  p.comment(loyaltyRu, 'anna', h(12 * 24 - 0.2), 'Done, the Russian description is complete now.');
  p.comment(loyaltyLogin, 'anna', d(10), 'We reset the demo account: login "demo", password "demo" works again. Sorry about that!');
  p.address(loyaltyLogin, 'anna', h(10 * 24 - 0.1));
  p.resolve(loyaltyRu, 'ivan', d(9));

  // 6. acme-legacy: live, but switched off by the partner.
  const acmeLegacy = p.app({
    code: 'acme-legacy',
    partner: 'acme',
    by: 'anna',
    at: d(300),
    section: 'crm-tools',
    countries: ['US', 'DE'],
    logo: ['AC', '#64748b'],
    priceMinor: 0,
    currency: 'USD',
    consultationNotRequired: true,
    texts: {
      en: {
        name: 'Acme Contacts Classic',
        description: 'The original Acme contact book: keeps customer cards in sync with Acme Contacts. Succeeded by Acme CRM.',
        installationGuide: guide('Click Connect.', 'Sign in to Acme Contacts.', 'Wait for the first sync to finish.'),
      },
      ru: {
        name: 'Acme Контакты Classic',
        description: 'Классическая адресная книга Acme: синхронизирует карточки покупателей с Acme Контакты. На смену ей пришла Acme CRM.',
        installationGuide: guide('Нажмите «Подключить».', 'Войдите в Acme Контакты.', 'Дождитесь окончания первой синхронизации.'),
      },
    },
  });
  const acmeLegacy20 = p.version(acmeLegacy, {
    version: '2.0',
    changelog: 'Two-way sync of customer cards.',
    minApiVersion: 2,
    connection: 'https://contacts.acme.dev/connect',
    scopes: [
      { key: 'customers.read', justification: 'Copy customer cards to Acme Contacts.' },
      { key: 'customers.write', justification: 'Write contact edits back to the store.' },
    ],
    by: 'anna',
    at: d(260),
    autoRelease: true,
  });
  p.answer(acmeLegacy20, 'anna', d(255));
  p.submit(acmeLegacy20, 'anna', d(250));
  p.claim(acmeLegacy20, 'ivan', d(249));
  p.verdicts(acmeLegacy20, 'ivan', h(248 * 24 + 1));
  p.approve(acmeLegacy20, 'ivan', d(248));
  p.setPartnerDisabled(acmeLegacy, 'anna', d(30), true);

  // 7. acme-crypto: consultation declined.
  const acmeCrypto = p.app({
    code: 'acme-crypto',
    partner: 'acme',
    by: 'max',
    at: d(25),
    section: 'payments',
    countries: ['US'],
    logo: ['CX', '#f59e0b'],
    priceMinor: 0,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Crypto Checkout',
        description: 'Let customers pay in Bitcoin and stablecoins, settled to your bank account in dollars.',
        installationGuide: guide('Click Connect.', 'Verify your business with Acme.', 'Choose which coins to accept.'),
      },
      ru: {
        name: 'Acme Криптоплатежи',
        description: 'Оплата заказов в биткоинах и стейблкоинах с зачислением на банковский счёт в долларах.',
        installationGuide: guide('Нажмите «Подключить».', 'Пройдите проверку компании в Acme.', 'Выберите принимаемые монеты.'),
      },
    },
  });
  p.requestConsultation(acmeCrypto, 'max', d(24));
  p.decideConsultation(
    acmeCrypto,
    'admin',
    d(22),
    'DECLINED',
    'We do not list cryptocurrency payment methods for now (partner policy, section 4.2). You are welcome to apply again when the policy changes.',
  );

  // 8. nordlys-crm: 1.0 superseded by 2.0 (which needs API 4); two accounts on it, one left.
  const nordlysCrm = p.app({
    code: 'nordlys-crm',
    partner: 'nordlys',
    by: 'olga',
    at: d(200),
    section: 'crm-tools',
    countries: ['US', 'RU', 'DE', 'KZ', 'NO'],
    logo: ['NC', '#059669'],
    priceMinor: 2900,
    discountedPriceMinor: 2400,
    trialDays: 14,
    currency: 'EUR',
    texts: {
      en: {
        name: 'Nordlys CRM',
        description:
          "A CRM built for shops: every customer's orders, notes and tasks on one card.",
        installationGuide: guide(
          'Click Connect and sign in to Nordlys, or start a 14-day trial.',
          'Choose which customer fields to sync.',
          'Invite your team to the CRM.',
        ),
      },
      ru: {
        name: 'Nordlys CRM',
        description: 'CRM для магазинов: заказы, заметки и задачи по каждому покупателю на одной карточке.',
        installationGuide: guide(
          'Нажмите «Подключить» и войдите в Nordlys или начните 14-дневный пробный период.',
          'Выберите поля покупателя для синхронизации.',
          'Пригласите коллег в CRM.',
        ),
      },
    },
  });
  p.consulted(nordlysCrm, 'olga', d(199), d(198));
  const nordlysCrm10 = p.version(nordlysCrm, {
    version: '1.0',
    changelog: 'First release: customer cards with order history.',
    minApiVersion: 2,
    connection: 'https://crm.nordlys.dev/connect',
    scopes: [
      { key: 'customers.read', justification: 'Sync customer cards into the CRM.' },
      { key: 'orders.read', justification: 'Show the order history on the customer card.' },
    ],
    by: 'olga',
    at: d(190),
    autoRelease: true,
  });
  p.answer(nordlysCrm10, 'olga', d(185));
  p.submit(nordlysCrm10, 'olga', d(180));
  p.claim(nordlysCrm10, 'ivan', d(179));
  p.verdicts(nordlysCrm10, 'ivan', h(178 * 24 + 2));
  p.approve(nordlysCrm10, 'ivan', d(178));
  const oldTownCrm = p.install(nordlysCrm10, 'oldtown', d(150));
  const nordlysCrm20 = p.version(nordlysCrm, {
    version: '2.0',
    changelog: "Two-way sync: edits in the CRM update the store's customer profiles. Needs platform API 4.",
    minApiVersion: 4,
    connection: 'https://crm.nordlys.dev/connect',
    scopes: [
      { key: 'customers.read', justification: 'Sync customer cards into the CRM.' },
      { key: 'customers.write', justification: 'Write edits made in the CRM back to the store.' },
      { key: 'orders.read', justification: 'Show the order history on the customer card.' },
    ],
    by: 'olga',
    at: d(60),
  });
  p.answer(nordlysCrm20, 'olga', d(50));
  p.submit(nordlysCrm20, 'olga', d(45));
  p.claim(nordlysCrm20, 'rita', d(44));
  p.verdicts(nordlysCrm20, 'rita', h(43 * 24 + 2));
  p.approve(nordlysCrm20, 'rita', d(43));
  p.release(nordlysCrm20, 'olga', d(42));
  p.disconnect(oldTownCrm, d(41));
  p.install(nordlysCrm20, 'corner', d(30));
  p.install(nordlysCrm20, 'magazin', d(20));

  // 9. nordlys-sms: live, installed, but suspended by staff.
  const nordlysSms = p.app({
    code: 'nordlys-sms',
    partner: 'nordlys',
    by: 'olga',
    at: d(150),
    section: 'communications',
    countries: ['RU', 'KZ', 'NO', 'DE'],
    logo: ['SMS', '#dc2626'],
    priceMinor: 49000,
    currency: 'RUB',
    texts: {
      en: {
        name: 'Nordlys SMS',
        description: 'Order confirmations and delivery updates by SMS, with delivery reports and low local rates.',
        installationGuide: guide('Click Connect.', 'Top up your SMS balance.', 'Choose which order statuses send an SMS.'),
      },
      ru: {
        name: 'Nordlys SMS',
        description: 'SMS о подтверждении заказа и статусе доставки, с отчётами о доставке и низкими местными тарифами.',
        installationGuide: guide(
          'Нажмите «Подключить».',
          'Пополните баланс SMS.',
          'Выберите статусы заказа, при которых отправляется SMS.',
        ),
      },
    },
  });
  p.consulted(nordlysSms, 'olga', d(149), d(148));
  const nordlysSms12 = p.version(nordlysSms, {
    version: '1.2',
    changelog: 'Delivery reports for every message; sender name per store.',
    minApiVersion: 3,
    connection: 'https://sms.nordlys.dev/connect',
    scopes: [
      { key: 'messages.send', justification: 'Send order status SMS to customers.' },
      { key: 'customers.read', justification: "Read the customer's phone number." },
      { key: 'orders.read', justification: 'Trigger an SMS when an order changes status.' },
    ],
    by: 'olga',
    at: d(130),
  });
  p.answer(nordlysSms12, 'olga', d(125));
  p.submit(nordlysSms12, 'olga', d(120));
  p.claim(nordlysSms12, 'rita', d(119));
  p.verdicts(nordlysSms12, 'rita', h(118 * 24 + 3));
  p.approve(nordlysSms12, 'rita', d(118));
  p.release(nordlysSms12, 'olga', d(117));
  p.install(nordlysSms12, 'magazin', d(100));
  p.setPlatformDisabled(
    nordlysSms,
    'admin',
    d(5),
    true,
    'Suspended after customer complaints about unsolicited SMS. Contact moderation@vetline.dev to restore the app.',
  );

  // 10. nordlys-chat: approved, waiting for the partner to release it.
  const nordlysChat = p.app({
    code: 'nordlys-chat',
    partner: 'nordlys',
    by: 'olga',
    at: d(45),
    section: 'communications',
    countries: ['RU', 'KZ', 'NO', 'US'],
    logo: ['Ch', '#0d9488'],
    priceMinor: 0,
    currency: 'EUR',
    texts: {
      en: {
        name: 'Nordlys Chat',
        description: 'A live chat widget for your store, with the order details next to every conversation.',
        installationGuide: guide(
          'Click Connect; the widget appears on your store at once.',
          'Set your working hours.',
          'Answer chats from the Nordlys app on your phone.',
        ),
      },
      ru: {
        name: 'Nordlys Чат',
        description: 'Онлайн-чат для магазина: данные заказа рядом с каждым диалогом.',
        installationGuide: guide(
          'Нажмите «Подключить» — виджет сразу появится в магазине.',
          'Укажите часы работы.',
          'Отвечайте в чатах из приложения Nordlys на телефоне.',
        ),
      },
    },
  });
  p.consulted(nordlysChat, 'olga', d(44), d(43));
  const nordlysChat10 = p.version(nordlysChat, {
    version: '1.0',
    changelog: 'First release: chat widget, canned replies and order details in the chat.',
    minApiVersion: 3,
    connection: 'simple',
    scopes: [
      { key: 'messages.send', justification: 'Answer customers in the chat.' },
      { key: 'customers.read', justification: "Show who is chatting and their past orders." },
    ],
    by: 'olga',
    at: d(30),
  });
  p.answer(nordlysChat10, 'olga', d(15));
  p.submit(nordlysChat10, 'olga', d(10));
  p.claim(nordlysChat10, 'ivan', d(9));
  p.verdicts(nordlysChat10, 'ivan', h(8 * 24 + 1), {
    notApplicable: { 'existing-user': 'Simple connection: the chat has no user accounts of its own.' },
  });
  p.approve(nordlysChat10, 'ivan', d(8));

  // 11. nordlys-reviews: rejected.
  const nordlysReviews = p.app({
    code: 'nordlys-reviews',
    partner: 'nordlys',
    by: 'olga',
    at: d(70),
    section: 'marketing',
    countries: ['RU', 'KZ'],
    logo: ['NR', '#ca8a04'],
    priceMinor: 0,
    currency: 'RUB',
    texts: {
      en: {
        name: 'Nordlys Reviews',
        description: 'Collect product reviews after delivery and show star ratings on product pages.',
        installationGuide: guide('Click Connect.', 'Choose when the review request is sent.', 'Approve reviews before they are published.'),
      },
      ru: {
        name: 'Nordlys Отзывы',
        description: 'Собирайте отзывы о товарах после доставки и показывайте рейтинг на страницах товаров.',
        installationGuide: guide(
          'Нажмите «Подключить».',
          'Выберите, когда отправлять просьбу об отзыве.',
          'Проверяйте отзывы перед публикацией.',
        ),
      },
    },
  });
  p.consulted(nordlysReviews, 'olga', d(69), d(68));
  const nordlysReviews10 = p.version(nordlysReviews, {
    version: '1.0',
    changelog: 'First release: review requests after delivery and a rating widget.',
    minApiVersion: 3,
    connection: 'https://reviews.nordlys.dev/connect',
    scopes: [
      { key: 'orders.read', justification: 'Know when an order has been delivered.' },
      { key: 'messages.send', justification: 'Ask the buyer for a review.' },
      { key: 'products.read', justification: 'Show the rating on the product page.' },
    ],
    by: 'olga',
    at: d(60),
  });
  p.answer(nordlysReviews10, 'olga', d(45));
  p.submit(nordlysReviews10, 'olga', d(40));
  p.claim(nordlysReviews10, 'rita', d(38));
  p.verdicts(nordlysReviews10, 'rita', h(37 * 24 + 1), {
    fail: {
      'connects-account': 'Connecting fails with HTTP 500 on every attempt.',
      'existing-user': 'An existing Nordlys user gets a second, empty account.',
    },
  });
  p.reject(
    nordlysReviews10,
    'rita',
    d(37),
    'The integration does not connect to a store and duplicates existing users. Please rebuild the connection flow and submit a new version.',
  );

  // ── The queue: a dozen submissions waiting (with acme-pay 1.1), oldest 9 days.

  // nordlys-survey: live 1.0; 1.1 withdrawn; 1.2 waiting 9 days, unclaimed.
  const nordlysSurvey = p.app({
    code: 'nordlys-survey',
    partner: 'nordlys',
    by: 'olga',
    at: d(180),
    section: 'marketing',
    countries: ['NO', 'RU', 'DE'],
    logo: ['Sv', '#8b5cf6'],
    priceMinor: 0,
    currency: 'EUR',
    texts: {
      en: {
        name: 'Nordlys Survey',
        description: 'Post-purchase surveys and NPS: find out why customers buy, and why they leave.',
        installationGuide: guide('Click Connect.', 'Pick a survey template.', 'Choose when to ask.'),
      },
      ru: {
        name: 'Nordlys Опросы',
        description: 'Опросы после покупки и NPS: узнайте, почему покупатели покупают и почему уходят.',
        installationGuide: guide('Нажмите «Подключить».', 'Выберите шаблон опроса.', 'Укажите, когда задавать вопросы.'),
      },
    },
  });
  p.consulted(nordlysSurvey, 'olga', d(179), d(178));
  const survey10 = p.version(nordlysSurvey, {
    version: '1.0',
    changelog: 'First release: post-purchase survey and NPS.',
    minApiVersion: 3,
    connection: 'simple',
    scopes: [
      { key: 'orders.read', justification: 'Send the survey after the order is delivered.' },
      { key: 'messages.send', justification: 'E-mail the survey to the buyer.' },
    ],
    by: 'olga',
    at: d(170),
    autoRelease: true,
  });
  p.answer(survey10, 'olga', d(166));
  p.submit(survey10, 'olga', d(165));
  p.claim(survey10, 'ivan', d(164));
  p.verdicts(survey10, 'ivan', h(163 * 24 + 2));
  p.approve(survey10, 'ivan', d(163));
  const survey11 = p.version(nordlysSurvey, {
    version: '1.1',
    changelog: 'Survey results per product.',
    minApiVersion: 3,
    connection: 'simple',
    scopes: [
      { key: 'orders.read', justification: 'Send the survey after the order is delivered.' },
      { key: 'messages.send', justification: 'E-mail the survey to the buyer.' },
    ],
    by: 'olga',
    at: d(20),
  });
  p.answer(survey11, 'olga', d(15));
  p.submit(survey11, 'olga', d(14));
  p.withdraw(survey11, 'olga', d(12));
  const survey12 = p.version(nordlysSurvey, {
    version: '1.2',
    changelog: 'Survey results per product and per product category.',
    minApiVersion: 3,
    connection: 'simple',
    scopes: [
      { key: 'orders.read', justification: 'Send the survey after the order is delivered.' },
      { key: 'messages.send', justification: 'E-mail the survey to the buyer.' },
      { key: 'products.read', justification: 'Group the results by product category.' },
    ],
    by: 'olga',
    at: d(11),
  });
  p.answer(survey12, 'olga', d(10));
  p.submit(survey12, 'olga', h(216));

  // acme-reviews-widget: new, waiting 7 days.
  const reviewsWidget = p.app({
    code: 'acme-reviews-widget',
    partner: 'acme',
    by: 'anna',
    at: d(26),
    section: 'marketing',
    countries: ['US', 'GB', 'DE'],
    logo: ['RW', '#f97316'],
    priceMinor: 500,
    trialDays: 7,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Reviews Widget',
        description: 'Show your Google and Trustpilot reviews next to your products.',
        installationGuide: guide('Click Connect.', 'Link your Google and Trustpilot profiles.', 'Choose where the widget appears.'),
      },
      ru: {
        name: 'Acme Виджет отзывов',
        description: 'Показывайте отзывы из Google и Trustpilot рядом с товарами.',
        installationGuide: guide('Нажмите «Подключить».', 'Привяжите профили Google и Trustpilot.', 'Выберите, где показывать виджет.'),
      },
    },
  });
  p.consulted(reviewsWidget, 'anna', d(25), d(24));
  const reviewsWidget10 = p.version(reviewsWidget, {
    version: '1.0',
    changelog: 'First release.',
    minApiVersion: 3,
    connection: 'simple',
    scopes: [{ key: 'products.read', justification: 'Show the reviews next to each product.' }],
    by: 'anna',
    at: d(15),
  });
  p.answer(reviewsWidget10, 'anna', d(8));
  p.submit(reviewsWidget10, 'anna', h(168));

  // nordlys-wms: live 2.3; 2.4 claimed by Ivan, then reassigned to Rita by the admin.
  const nordlysWms = p.app({
    code: 'nordlys-wms',
    partner: 'nordlys',
    by: 'olga',
    at: d(250),
    section: 'delivery',
    countries: ['NO', 'DE', 'RU', 'KZ'],
    logo: ['WMS', '#1d4ed8'],
    priceMinor: 19900,
    discountedPriceMinor: 14900,
    trialDays: 30,
    currency: 'EUR',
    texts: {
      en: {
        name: 'Nordlys WMS',
        description: 'Warehouse management: pick lists, barcode scanning and live stock levels across warehouses.',
        installationGuide: guide(
          'Click Connect and sign in to Nordlys WMS.',
          'Map your warehouses to store locations.',
          'Run the first stock count.',
        ),
      },
      ru: {
        name: 'Nordlys WMS',
        description: 'Управление складом: листы подбора, сканирование штрихкодов и остатки по складам в реальном времени.',
        installationGuide: guide(
          'Нажмите «Подключить» и войдите в Nordlys WMS.',
          'Сопоставьте склады с точками магазина.',
          'Проведите первую инвентаризацию.',
        ),
      },
    },
  });
  p.consulted(nordlysWms, 'olga', d(249), d(247));
  const wms23 = p.version(nordlysWms, {
    version: '2.3',
    changelog: 'Stock levels per warehouse; shipped orders are marked in the store.',
    minApiVersion: 4,
    connection: 'https://wms.nordlys.dev/connect',
    scopes: [
      { key: 'products.write', justification: 'Update stock levels from the warehouse.' },
      { key: 'orders.write', justification: 'Mark orders as shipped.' },
    ],
    by: 'olga',
    at: d(100),
  });
  p.answer(wms23, 'olga', d(96));
  p.submit(wms23, 'olga', d(95));
  p.claim(wms23, 'rita', d(94));
  p.verdicts(wms23, 'rita', h(93 * 24 + 2));
  p.approve(wms23, 'rita', d(93));
  p.release(wms23, 'olga', d(92));
  const wms24 = p.version(nordlysWms, {
    version: '2.4',
    changelog: 'Carrier hand-over: shipments are created in the store when a parcel leaves the warehouse.',
    minApiVersion: 4,
    connection: 'https://wms.nordlys.dev/connect',
    scopes: [
      { key: 'products.write', justification: 'Update stock levels from the warehouse.' },
      { key: 'orders.write', justification: 'Mark orders as shipped.' },
      { key: 'delivery.write', justification: 'Create the shipment with its tracking number.' },
    ],
    by: 'olga',
    at: d(12),
  });
  p.answer(wms24, 'olga', d(7));
  p.submit(wms24, 'olga', h(144));
  p.claim(wms24, 'ivan', h(140));
  p.assign(wms24, 'admin', h(100), 'rita');

  // acme-labels: new, waiting 5 days.
  const acmeLabels = p.app({
    code: 'acme-labels',
    partner: 'acme',
    by: 'max',
    at: d(33),
    section: 'delivery',
    countries: ['US', 'CA'],
    logo: ['Lb', '#b45309'],
    priceMinor: 400,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Labels',
        description: 'Print USPS, UPS and FedEx shipping labels in bulk; tracking numbers go back to the order.',
        installationGuide: guide('Click Connect.', 'Connect your carrier accounts.', 'Select orders and print their labels.'),
      },
      ru: {
        name: 'Acme Этикетки',
        description: 'Массовая печать транспортных этикеток USPS, UPS и FedEx; трек-номера возвращаются в заказ.',
        installationGuide: guide(
          'Нажмите «Подключить».',
          'Подключите аккаунты перевозчиков.',
          'Выберите заказы и распечатайте этикетки.',
        ),
      },
    },
  });
  p.consulted(acmeLabels, 'max', d(32), d(31));
  const acmeLabels10 = p.version(acmeLabels, {
    version: '1.0',
    changelog: 'First release: USPS, UPS and FedEx labels.',
    minApiVersion: 3,
    connection: 'https://labels.acme.dev/connect',
    scopes: [
      { key: 'orders.read', justification: 'Read the parcel contents and the delivery address.' },
      { key: 'delivery.write', justification: 'Save the tracking number on the shipment.' },
    ],
    by: 'max',
    at: d(20),
  });
  p.answer(acmeLabels10, 'max', h(130));
  p.submit(acmeLabels10, 'max', h(120));

  // nordlys-tickets: new; round 1 sent back for the missing test credentials, round 2 in review.
  const nordlysTickets = p.app({
    code: 'nordlys-tickets',
    partner: 'nordlys',
    by: 'olga',
    at: d(50),
    section: 'crm-tools',
    countries: ['NO', 'DE', 'US'],
    logo: ['Tk', '#0f766e'],
    priceMinor: 1500,
    currency: 'EUR',
    texts: {
      en: {
        name: 'Nordlys Helpdesk',
        description: 'Turn customer e-mails into tickets linked to their orders, and answer them from one shared inbox.',
        installationGuide: guide(
          'Click Connect and sign in to Nordlys.',
          'Forward your support address to Nordlys.',
          'Invite your support team.',
        ),
      },
      ru: {
        name: 'Nordlys Хелпдеск',
        description: 'Письма покупателей превращаются в заявки, связанные с заказами; отвечайте из общего почтового ящика.',
        installationGuide: guide(
          'Нажмите «Подключить» и войдите в Nordlys.',
          'Настройте пересылку адреса поддержки в Nordlys.',
          'Пригласите сотрудников поддержки.',
        ),
      },
    },
  });
  p.consulted(nordlysTickets, 'olga', d(49), d(48));
  const tickets10 = p.version(nordlysTickets, {
    version: '1.0',
    changelog: 'First release.',
    minApiVersion: 3,
    connection: 'https://help.nordlys.dev/connect',
    scopes: [
      { key: 'customers.read', justification: 'Recognise the customer who wrote in.' },
      { key: 'orders.read', justification: "Show the customer's orders next to the ticket." },
    ],
    by: 'olga',
    at: d(40),
  });
  p.answer(tickets10, 'olga', d(25));
  const ticketsRound1 = p.submit(tickets10, 'olga', d(20));
  ticketsRound1.rewind = (snapshot) => {
    const item = snapshot.checklist.find((i) => i.key === 'test-account');
    if (item) item.answer = 'The password was sent to moderation@vetline.dev.';
    snapshot.manifest.changelog = 'First release.';
  };
  p.claim(tickets10, 'ivan', d(19));
  p.verdicts(tickets10, 'ivan', h(18 * 24 + 1), {
    fail: { 'test-account': 'There is no password in the answer.' },
  });
  const ticketsCredentials = p.thread(tickets10, 'ivan', h(18 * 24 + 0.5), {
    anchor: 'CHECKLIST_ITEM',
    anchorKey: 'test-account',
    title: 'Test credentials are missing',
    body: 'The answer says the password was e-mailed to us; we never got it. Please put the credentials in the checklist so that every reviewer can use them.',
  });
  p.requestChanges(tickets10, 'ivan', d(18));
  p.answer(tickets10, 'olga', d(6), ['test-account']);
  p.updateVersion(tickets10, 'olga', h(6 * 24 - 0.1), 'First release: tickets from e-mail, linked to orders.');
  p.comment(ticketsCredentials, 'olga', h(6 * 24 - 0.2), 'Sorry! The test credentials are in the checklist now.');
  p.address(ticketsCredentials, 'olga', h(6 * 24 - 0.3));
  p.submit(tickets10, 'olga', h(96));
  p.claim(tickets10, 'ivan', h(90));
  p.verdicts(tickets10, 'ivan', h(88), { pass: ['test-account'] });
  p.resolve(ticketsCredentials, 'ivan', h(87.9));

  // acme-coupons: live 1.0; update 1.1 claimed by Rita, a few items checked.
  const acmeCoupons = p.app({
    code: 'acme-coupons',
    partner: 'acme',
    by: 'anna',
    at: d(140),
    section: 'marketing',
    countries: ['US', 'CA'],
    logo: ['Cp', '#e11d48'],
    priceMinor: 0,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Coupons',
        description: 'Coupon codes, bulk discounts and free-shipping offers, with usage limits and expiry dates.',
        installationGuide: guide('Click Connect.', 'Create your first campaign.', 'Share the codes with your customers.'),
      },
      ru: {
        name: 'Acme Купоны',
        description: 'Промокоды, оптовые скидки и бесплатная доставка с ограничением числа использований и сроком действия.',
        installationGuide: guide('Нажмите «Подключить».', 'Создайте первую кампанию.', 'Поделитесь промокодами с покупателями.'),
      },
    },
  });
  p.consulted(acmeCoupons, 'anna', d(139), d(138));
  const coupons10 = p.version(acmeCoupons, {
    version: '1.0',
    changelog: 'First release: coupon codes and free-shipping offers.',
    minApiVersion: 3,
    connection: 'https://coupons.acme.dev/connect',
    scopes: [
      { key: 'loyalty.write', justification: 'Issue coupon codes.' },
      { key: 'orders.read', justification: 'Count how many times each code was used.' },
    ],
    by: 'anna',
    at: d(135),
  });
  p.answer(coupons10, 'anna', d(131));
  p.submit(coupons10, 'anna', d(130));
  p.claim(coupons10, 'rita', d(129));
  p.verdicts(coupons10, 'rita', h(128 * 24 + 2));
  p.approve(coupons10, 'rita', d(128));
  p.release(coupons10, 'anna', d(127));
  const coupons11 = p.version(acmeCoupons, {
    version: '1.1',
    changelog: 'Coupons limited to product categories.',
    minApiVersion: 3,
    connection: 'https://coupons.acme.dev/connect',
    scopes: [
      { key: 'loyalty.write', justification: 'Issue coupon codes.' },
      { key: 'orders.read', justification: 'Count how many times each code was used.' },
      { key: 'products.read', justification: 'Limit a coupon to the chosen product categories.' },
    ],
    by: 'max',
    at: d(9),
  });
  p.answer(coupons11, 'max', d(4));
  p.submit(coupons11, 'anna', h(84));
  p.claim(coupons11, 'rita', h(70));
  p.verdicts(coupons11, 'rita', h(69), { pass: ['connects-account', 'disconnect-reconnect'] });

  // nordlys-bi: new, waiting 2 days; polls analytics every 15 minutes.
  const nordlysBi = p.app({
    code: 'nordlys-bi',
    partner: 'nordlys',
    by: 'olga',
    at: d(40),
    section: 'analytics',
    countries: ['NO', 'DE', 'RU', 'US'],
    logo: ['BI', '#be123c'],
    priceMinor: 9900,
    trialDays: 30,
    currency: 'EUR',
    texts: {
      en: {
        name: 'Nordlys BI',
        description: 'Business intelligence for growing shops: cohorts, margins and forecasts, refreshed every 15 minutes.',
        installationGuide: guide(
          'Click Connect and sign in to Nordlys.',
          'Wait for the first import (up to an hour).',
          'Open the ready-made dashboards.',
        ),
      },
      ru: {
        name: 'Nordlys BI',
        description: 'Бизнес-аналитика для растущих магазинов: когорты, маржа и прогнозы с обновлением каждые 15 минут.',
        installationGuide: guide(
          'Нажмите «Подключить» и войдите в Nordlys.',
          'Дождитесь первой загрузки данных (до часа).',
          'Откройте готовые дашборды.',
        ),
      },
    },
  });
  p.consulted(nordlysBi, 'olga', d(39), d(37));
  const bi10 = p.version(nordlysBi, {
    version: '1.0',
    changelog: 'First release: sales, cohort and margin dashboards.',
    minApiVersion: 5,
    connection: 'https://bi.nordlys.dev/connect',
    scopes: [
      {
        key: 'analytics.read',
        justification: 'Refresh the dashboards every 15 minutes.',
        pollingIntervalSeconds: 900,
      },
      { key: 'orders.read', justification: 'Compute margins per order.' },
      { key: 'products.read', justification: 'Group sales by product category.' },
    ],
    by: 'olga',
    at: d(25),
  });
  p.answer(bi10, 'olga', d(3));
  p.submit(bi10, 'olga', h(48));

  // acme-push: new, claimed by Ivan this morning.
  const acmePush = p.app({
    code: 'acme-push',
    partner: 'acme',
    by: 'anna',
    at: d(28),
    section: 'communications',
    countries: ['US', 'GB'],
    logo: ['Pu', '#9333ea'],
    priceMinor: 700,
    discountedPriceMinor: 500,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Push',
        description: 'Web push notifications for back-in-stock alerts, price drops and order updates.',
        installationGuide: guide('Click Connect.', 'Allow notifications on your store.', 'Switch on the alerts you want to send.'),
      },
      ru: {
        name: 'Acme Push',
        description: 'Веб-push-уведомления о поступлении товара, снижении цены и статусе заказа.',
        installationGuide: guide('Нажмите «Подключить».', 'Разрешите уведомления в магазине.', 'Включите нужные уведомления.'),
      },
    },
  });
  p.consulted(acmePush, 'anna', d(27), d(26));
  const push10 = p.version(acmePush, {
    version: '1.0',
    changelog: 'First release: back-in-stock, price-drop and order-status notifications.',
    minApiVersion: 3,
    connection: 'https://push.acme.dev/connect',
    scopes: [
      { key: 'messages.send', justification: 'Send the notifications.' },
      { key: 'products.read', justification: 'Notice when a product is back in stock or cheaper.' },
    ],
    by: 'anna',
    at: d(14),
  });
  p.answer(push10, 'anna', h(40));
  p.submit(push10, 'anna', h(30));
  p.claim(push10, 'ivan', h(6));

  // nordlys-pickup: live 1.0 (works on API 2, installed by Old Town Store); update 1.1 waiting.
  const nordlysPickup = p.app({
    code: 'nordlys-pickup',
    partner: 'nordlys',
    by: 'olga',
    at: d(160),
    section: 'delivery',
    countries: ['DE', 'NO', 'RU'],
    logo: ['Pk', '#16a34a'],
    priceMinor: 0,
    currency: 'EUR',
    texts: {
      en: {
        name: 'Nordlys Pickup',
        description: 'Let customers choose a parcel locker or a pickup point on a map at checkout.',
        installationGuide: guide('Click Connect.', 'Choose the pickup networks to offer.', 'Set the price of pickup delivery.'),
      },
      ru: {
        name: 'Nordlys Самовывоз',
        description: 'Покупатель выбирает постамат или пункт выдачи на карте при оформлении заказа.',
        installationGuide: guide(
          'Нажмите «Подключить».',
          'Выберите сети пунктов выдачи.',
          'Укажите стоимость доставки в пункт выдачи.',
        ),
      },
    },
  });
  p.consulted(nordlysPickup, 'olga', d(159), d(157));
  const pickup10 = p.version(nordlysPickup, {
    version: '1.0',
    changelog: 'First release: DHL, Posten and Boxberry pickup points.',
    minApiVersion: 2,
    connection: 'https://pickup.nordlys.dev/connect',
    scopes: [
      { key: 'delivery.write', justification: 'Offer pickup points at checkout and book the parcel.' },
      { key: 'orders.read', justification: 'Read the parcel size and weight.' },
    ],
    by: 'olga',
    at: d(150),
    autoRelease: true,
  });
  p.answer(pickup10, 'olga', d(146));
  p.submit(pickup10, 'olga', d(145));
  p.claim(pickup10, 'ivan', d(144));
  p.verdicts(pickup10, 'ivan', h(143 * 24 + 2));
  p.approve(pickup10, 'ivan', d(143));
  p.install(pickup10, 'oldtown', d(100));
  const pickup11 = p.version(nordlysPickup, {
    version: '1.1',
    changelog: 'Parcel lockers of InPost; opening hours on the map.',
    minApiVersion: 2,
    connection: 'https://pickup.nordlys.dev/connect',
    scopes: [
      { key: 'delivery.write', justification: 'Offer pickup points at checkout and book the parcel.' },
      { key: 'orders.read', justification: 'Read the parcel size and weight.' },
    ],
    by: 'olga',
    at: d(6),
  });
  p.answer(pickup11, 'olga', h(30));
  p.submit(pickup11, 'olga', h(20));

  // acme-invoices: new payment app, waiting 7 hours.
  const acmeInvoices = p.app({
    code: 'acme-invoices',
    partner: 'acme',
    by: 'max',
    at: d(35),
    section: 'payments',
    countries: ['US', 'CA', 'GB'],
    logo: ['In', '#0284c7'],
    priceMinor: 1200,
    trialDays: 14,
    currency: 'USD',
    texts: {
      en: {
        name: 'Acme Invoices',
        description: 'Send a tax-ready PDF invoice with every order and collect bank transfers for B2B orders.',
        installationGuide: guide(
          'Click Connect and sign in to Acme.',
          'Enter your company details and tax number.',
          'Choose when invoices are sent.',
        ),
      },
      ru: {
        name: 'Acme Счета',
        description: 'Отправляйте PDF-счёт к каждому заказу и принимайте банковские переводы по B2B-заказам.',
        installationGuide: guide(
          'Нажмите «Подключить» и войдите в Acme.',
          'Укажите реквизиты компании и ИНН.',
          'Выберите, когда отправлять счета.',
        ),
      },
    },
  });
  p.consulted(acmeInvoices, 'max', d(34), d(33));
  const invoices10 = p.version(acmeInvoices, {
    version: '1.0',
    changelog: 'First release: PDF invoices and bank-transfer payments.',
    minApiVersion: 3,
    connection: 'https://invoices.acme.dev/connect',
    scopes: [
      { key: 'orders.read', justification: 'Create an invoice for each order.' },
      { key: 'customers.read', justification: "Put the buyer's company details on the invoice." },
      { key: 'payments.write', justification: 'Mark the order as paid when the bank transfer arrives.' },
    ],
    by: 'max',
    at: d(21),
  });
  p.answer(invoices10, 'max', h(9));
  p.submit(invoices10, 'max', h(7));

  // nordlys-forms: new, submitted two hours ago.
  const nordlysForms = p.app({
    code: 'nordlys-forms',
    partner: 'nordlys',
    by: 'olga',
    at: d(30),
    section: 'marketing',
    countries: ['RU', 'KZ', 'NO'],
    logo: ['Fm', '#4f46e5'],
    priceMinor: 0,
    currency: 'RUB',
    texts: {
      en: {
        name: 'Nordlys Forms',
        description: 'Contact, pre-order and wholesale request forms that create customers in your store.',
        installationGuide: guide('Click Connect.', 'Build a form in the editor.', 'Put the form block on any page.'),
      },
      ru: {
        name: 'Nordlys Формы',
        description: 'Формы обратной связи, предзаказа и оптовых заявок, которые создают покупателей в магазине.',
        installationGuide: guide('Нажмите «Подключить».', 'Соберите форму в редакторе.', 'Вставьте блок формы на любую страницу.'),
      },
    },
  });
  p.consulted(nordlysForms, 'olga', d(29), d(28));
  const forms10 = p.version(nordlysForms, {
    version: '1.0',
    changelog: 'First release: contact, pre-order and wholesale forms.',
    minApiVersion: 3,
    connection: 'simple',
    scopes: [{ key: 'customers.write', justification: 'Create a customer from each form submission.' }],
    by: 'olga',
    at: d(16),
  });
  p.answer(forms10, 'olga', h(5));
  p.submit(forms10, 'olga', h(2));
}

// ─── Writing ────────────────────────────────────────────────────────────────

/** Seeds the demo marketplace into an empty database; returns false (and does nothing) when the database already has users. */
export async function seedDemo(prisma: PrismaClient, now = new Date()): Promise<boolean> {
  if ((await prisma.user.count()) > 0) return false;
  const plan = new Plan(now);
  tellStories(plan, now);
  // argon2id is slow on purpose: hash once, outside the transaction, and share the hash.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return prisma.$transaction(
    async (tx) => {
      // Two instances starting at once on an empty database: the second waits, then finds users.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707370)`;
      if ((await tx.user.count()) > 0) return false;
      await writePlan(tx, plan, passwordHash, now);
      return true;
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
}

async function writePlan(tx: Tx, plan: Plan, passwordHash: string, now: Date) {
  const ago = (days: number) => hoursAgo(now, days * 24);

  // Marketplace settings and catalogue.
  const policy = { requiredLocales: ['en', 'ru'], consultationEnabled: true, currencies: ['USD', 'EUR', 'RUB'] };
  await tx.policy.upsert({ where: { id: 1 }, create: { id: 1, ...policy }, update: policy });
  await tx.section.createMany({
    data: SECTIONS.map((s, position) => ({
      id: sectionId(s.key),
      key: s.key,
      names: { en: s.en, ru: s.ru },
      position,
    })),
  });
  await tx.scope.createMany({
    data: SCOPES.map((s) => ({ key: s.key, label: s.label, description: s.description, polling: s.polling ?? false })),
  });
  const templates = [
    { key: 'default', name: 'Default checklist', section: null, items: DEFAULT_ITEMS },
    { key: 'payments', name: 'Payments checklist', section: 'payments' as const, items: PAYMENT_ITEMS },
  ];
  await tx.checklistTemplate.createMany({
    data: templates.map((t) => ({
      id: sid('template', t.key),
      key: t.key,
      name: t.name,
      sectionId: t.section ? sectionId(t.section) : null,
      createdAt: ago(400),
    })),
  });
  await tx.checklistTemplateItem.createMany({
    data: templates.flatMap((t) =>
      t.items.map((item, i) => ({
        id: sid('template-item', `${t.key}:${item.key}`),
        templateId: sid('template', t.key),
        key: item.key,
        label: item.label,
        help: item.help,
        mandatory: item.mandatory,
        kind: item.kind,
        position: i + 1,
      })),
    ),
  });

  // People.
  const partnerKeys = Object.keys(PARTNERS) as PartnerKey[];
  const partnerByName = new Map(partnerKeys.map((key) => [PARTNERS[key].name, key]));
  await tx.user.createMany({
    data: DEMO_USERS.map((u) => {
      const partner = u.partner ? must(partnerByName.get(u.partner), `partner ${u.partner}`) : null;
      return {
        id: sid('user', u.email),
        email: u.email,
        name: u.name,
        passwordHash,
        staffRole: u.role === 'ADMIN' || u.role === 'REVIEWER' ? u.role : null,
        createdAt: ago(partner ? PARTNERS[partner].since : 400),
      };
    }),
  });
  await tx.partner.createMany({
    data: partnerKeys.map((key) => ({
      id: partnerId(key),
      slug: PARTNERS[key].slug,
      name: PARTNERS[key].name,
      createdAt: ago(PARTNERS[key].since),
    })),
  });
  await tx.membership.createMany({
    data: DEMO_USERS.flatMap((u) => {
      if (!u.partner) return [];
      const partner = must(partnerByName.get(u.partner), `partner ${u.partner}`);
      return [
        {
          partnerId: partnerId(partner),
          userId: sid('user', u.email),
          role: u.role === 'PARTNER_OWNER' ? ('OWNER' as const) : ('MEMBER' as const),
          createdAt: ago(PARTNERS[partner].since),
        },
      ];
    }),
  });

  // Accounts and API keys.
  const accountKeys = Object.keys(ACCOUNTS) as AccountKey[];
  const accountByName = new Map(accountKeys.map((key) => [ACCOUNTS[key].name, key]));
  await tx.account.createMany({
    data: accountKeys.map((key) => ({ id: accountId(key), ...ACCOUNTS[key], createdAt: ago(365) })),
  });
  await tx.apiKey.createMany({
    data: DEMO_API_KEYS.map((k) => ({
      kind: k.kind,
      name: k.name,
      hash: hashApiKey(k.secret),
      accountId: k.account ? accountId(must(accountByName.get(k.account), `account ${k.account}`)) : null,
      createdAt: ago(300),
    })),
  });

  // Apps, their listings and versions.
  await tx.app.createMany({
    data: plan.apps.map((a) => ({
      id: a.id,
      code: a.code,
      partnerId: partnerId(a.partner),
      createdById: a.createdById,
      consultation: a.consultation,
      consultationNote: a.consultationNote,
      consultationAt: a.consultationAt,
      partnerDisabled: a.partnerDisabled,
      platformDisabled: a.platformDisabled,
      platformDisabledWhy: a.platformDisabledWhy,
      sectionId: sectionId(a.section),
      countries: a.countries,
      logoSvg: a.logoSvg,
      priceMinor: a.priceMinor,
      discountedPriceMinor: a.discountedPriceMinor,
      trialDays: a.trialDays,
      currency: a.currency,
      supportUrl: a.supportUrl,
      documentationUrl: a.documentationUrl,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    })),
  });
  await tx.listingText.createMany({
    data: plan.apps.flatMap((a) =>
      (Object.keys(a.texts) as Locale[]).map((locale) => ({ appId: a.id, locale, ...a.texts[locale] })),
    ),
  });
  const versions = plan.apps.flatMap((a) => a.versions);
  await tx.appVersion.createMany({
    data: versions.map((v) => ({
      id: v.id,
      appId: v.app.id,
      version: v.version,
      changelog: v.changelog,
      minApiVersion: v.minApiVersion,
      connectionUrl: v.connectionUrl,
      simpleConnection: v.simpleConnection,
      status: v.status,
      autoRelease: v.autoRelease,
      assigneeId: v.assigneeId,
      claimedAt: v.claimedAt,
      submittedAt: v.submittedAt,
      decidedAt: v.decidedAt,
      releasedAt: v.releasedAt,
      createdById: v.createdById,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
    })),
  });
  await tx.requestedScope.createMany({
    data: versions.flatMap((v) =>
      v.scopes.map((s) => ({
        versionId: v.id,
        scopeKey: s.key,
        justification: s.justification,
        pollingIntervalSeconds: s.pollingIntervalSeconds ?? null,
      })),
    ),
  });

  // Checklists: copied from the templates like the product does, then answered and judged in one
  // statement (an UPDATE per item would be ~200 round trips).
  for (const v of versions) await instantiateChecklist(tx, v.id, sectionId(v.app.section));
  const rows = versions.flatMap((v) => [...v.items].map(([key, state]) => ({ versionId: v.id, key, ...state })));
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  const updated = await tx.$executeRaw`
    UPDATE "ChecklistItem" AS c SET
      "answer" = d.answer,
      "answeredAt" = d.answered_at::timestamp(3),
      "answeredById" = d.answered_by,
      "verdict" = d.verdict::"Verdict",
      "verdictComment" = d.verdict_comment,
      "verdictAt" = d.verdict_at::timestamp(3),
      "verdictById" = d.verdict_by
    FROM unnest(
      ${rows.map((r) => r.versionId)}::text[], ${rows.map((r) => r.key)}::text[],
      ${rows.map((r) => r.answer)}::text[], ${rows.map((r) => iso(r.answeredAt))}::text[],
      ${rows.map((r) => r.answeredById)}::text[], ${rows.map((r) => r.verdict)}::text[],
      ${rows.map((r) => r.verdictComment)}::text[], ${rows.map((r) => iso(r.verdictAt))}::text[],
      ${rows.map((r) => r.verdictById)}::text[]
    ) AS d(version_id, key, answer, answered_at, answered_by, verdict, verdict_comment, verdict_at, verdict_by)
    WHERE c."versionId" = d.version_id AND c."key" = d.key`;
  if (updated !== rows.length) throw new Error(`seed: answered ${updated} checklist items of ${rows.length}`);

  // Review rounds, each with the snapshot of what it reviewed.
  const snapshots = new Map<string, RoundSnapshot>();
  const rounds: Prisma.ReviewRoundCreateManyInput[] = [];
  for (const v of versions) {
    for (const round of v.rounds) {
      let snapshot = snapshots.get(v.id);
      if (!snapshot) {
        snapshot = await takeSnapshot(tx, v.id);
        snapshots.set(v.id, snapshot);
      }
      const frozen = structuredClone(snapshot);
      round.rewind?.(frozen);
      rounds.push({
        id: round.id,
        versionId: v.id,
        number: round.number,
        snapshot: frozen as unknown as Prisma.InputJsonObject,
        submittedAt: round.submittedAt,
        endedAt: round.endedAt,
        outcome: round.outcome,
      });
    }
  }
  await tx.reviewRound.createMany({ data: rounds });

  // Deficiency threads and their comments.
  await tx.thread.createMany({
    data: plan.threads.map((t) => ({
      id: t.id,
      versionId: t.version.id,
      roundId: t.roundId,
      anchor: t.anchor,
      anchorKey: t.anchorKey,
      title: t.title,
      blocking: t.blocking,
      status: t.status,
      addressedAt: t.addressedAt,
      resolvedAt: t.resolvedAt,
      resolvedById: t.resolvedById,
      authorId: t.authorId,
      createdAt: t.createdAt,
    })),
  });
  await tx.comment.createMany({
    data: plan.threads.flatMap((t) => t.comments.map((c) => ({ ...c, threadId: t.id }))),
  });

  await tx.installation.createMany({
    data: plan.installations.map((i) => ({
      id: i.id,
      appId: i.app.id,
      accountId: i.accountId,
      versionId: i.versionId,
      grantedScopes: i.grantedScopes,
      connectedAt: i.connectedAt,
      disconnectedAt: i.disconnectedAt,
    })),
  });

  // The history, oldest first, so event ids ascend with time.
  for (const event of plan.sortedEvents()) await recordEvent(tx, event);
}
