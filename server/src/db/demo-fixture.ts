/**
 * The demo marketplace, as data: two partners with apps in every stage and status, staff with a
 * queue to work through, accounts with installations, and the event history that led there.
 * `seed.ts` writes it in one transaction.
 *
 * Each app is described as it is now (listing, versions with their rounds and threads,
 * installations) beside its `history`: the events the product would have recorded on the way,
 * oldest first, each payload checked against `EventPayloads`. A history entry with `answers` or
 * `verdicts` is a partner filling in the checklist or a reviewer judging it, one item a second:
 * it sets those checklist items and records one `checklist.*` event per item.
 *
 * Times are offsets before the seed's clock (`d(3)` is three days ago, `d(3) + h(2)` two hours
 * earlier, `d(3) - s(2)` two seconds later), and every id is derived from a name (`ids`), so two
 * runs write the same rows.
 */
import { createHash } from 'node:crypto';
import type { EventPayloads, EventType } from '../events/types.js';
import type {
  ChecklistAnswerKind,
  ConsultationStatus,
  RoundOutcome,
  ThreadAnchor,
  Verdict,
  VersionStatus,
} from '../generated/prisma/enums.js';

// ─── Times and ids ──────────────────────────────────────────────────────────

/** Milliseconds before the seed's clock. */
export type Ago = number;
export const d = (days: number): Ago => Math.round(days * 24 * 3_600_000);
export const h = (hours: number): Ago => Math.round(hours * 3_600_000);
export const s = (seconds: number): Ago => seconds * 1000;

/** A stable, cuid-shaped id derived from a name, so every run produces the same rows. */
function sid(kind: string, name: string): string {
  return `c${createHash('sha256').update(`vetline-demo:${kind}:${name}`).digest('hex').slice(0, 24)}`;
}

/** A version named `code@version`, e.g. `acme-pay@1.1`. */
export type VersionRef = `${string}@${string}`;

export const ids = {
  user: (key: UserKey) => sid('user', USERS[key].email),
  partner: (key: PartnerKey) => sid('partner', key),
  account: (key: AccountKey) => sid('account', ACCOUNTS[key].name),
  section: (key: SectionKey) => sid('section', key),
  template: (key: string) => sid('template', key),
  templateItem: (template: string, item: string) => sid('template-item', `${template}:${item}`),
  app: (code: string) => sid('app', code),
  version: (ref: VersionRef) => sid('version', ref),
  round: (ref: VersionRef, n: number) => sid('round', `${ids.version(ref)}#${n}`),
  thread: (ref: VersionRef, n: number) => sid('thread', `${ids.version(ref)}#${n}`),
  comment: (ref: VersionRef, thread: number, n: number) => sid('comment', `${ids.thread(ref, thread)}#${n}`),
  installation: (code: string, account: AccountKey, n: number) => sid('installation', `${code}:${account}:${n}`),
  /** For rows whose name is their natural key (listing texts, scopes requested, checklist items, …). */
  of: sid,
};

/** Numbered steps of an installation guide. */
const guide = (...steps: string[]) => steps.map((step, i) => `${i + 1}. ${step}`).join('\n');

// ─── The shapes ─────────────────────────────────────────────────────────────

export type UserKey = 'admin' | 'rita' | 'ivan' | 'anna' | 'max' | 'olga' | 'carol' | 'misha' | 'otto';
export type PartnerKey = 'acme' | 'nordlys';
export type AccountKey = 'corner' | 'magazin' | 'oldtown';
export type SectionKey = 'payments' | 'delivery' | 'marketing' | 'analytics' | 'communications' | 'crm-tools';
export type ScopeKey =
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
export type Locale = 'en' | 'ru';

export interface UserFixture {
  email: string;
  name: string;
  role: 'ADMIN' | 'REVIEWER' | 'PARTNER_OWNER' | 'PARTNER_MEMBER' | 'ACCOUNT_ADMIN';
  partner?: PartnerKey;
  /** The account an ACCOUNT_ADMIN administers. */
  account?: AccountKey;
  createdAt: Ago;
}

export interface TemplateItemFixture {
  key: string;
  kind: ChecklistAnswerKind;
  mandatory: boolean;
  label: string;
  help: string;
}

export interface ListingTextFixture {
  name: string;
  description: string;
  installationGuide: string;
}

export interface ScopeRequestFixture {
  key: ScopeKey;
  justification: string;
  pollingIntervalSeconds?: number;
}

export interface RoundFixture {
  submittedAt: Ago;
  endedAt?: Ago;
  outcome?: RoundOutcome;
  /** What this round was submitted with where it differs from the version as it is now. */
  submitted?: {
    texts?: Partial<Record<Locale, Partial<ListingTextFixture>>>;
    changelog?: string;
    answers?: Record<string, string>;
  };
}

export interface CommentFixture {
  by: UserKey;
  at: Ago;
  body: string;
}

export interface ThreadFixture {
  by: UserKey;
  at: Ago;
  /** The review round it was opened in. */
  round?: number;
  anchor: ThreadAnchor;
  anchorKey?: string;
  title: string;
  blocking?: false;
  addressedAt?: Ago;
  resolvedBy?: UserKey;
  resolvedAt?: Ago;
  /** The first is the thread's opening message. */
  comments: CommentFixture[];
}

export interface VersionFixture {
  version: string;
  status: VersionStatus;
  changelog: string;
  minApiVersion: number;
  /** The connection page URL, or 'simple' for simple connection. */
  connection: string;
  /** With simple connection: the module's configuration URL. */
  configurationUrl?: string;
  autoRelease?: true;
  scopes: ScopeRequestFixture[];
  createdBy: UserKey;
  createdAt: Ago;
  updatedAt: Ago;
  submittedAt?: Ago;
  assignee?: UserKey;
  claimedAt?: Ago;
  decidedAt?: Ago;
  releasedAt?: Ago;
  rounds?: RoundFixture[];
  threads?: ThreadFixture[];
}

export interface InstallationFixture {
  /** Its number in the marketplace (installations are numbered across apps). */
  n: number;
  account: AccountKey;
  version: string;
  grantedScopes: ScopeKey[];
  connectedAt: Ago;
  disconnectedAt?: Ago;
}

/** An event of the app's history; `version` names one of its versions. */
export type EventFixture = {
  [T in EventType]: { at: Ago; by: UserKey | null; version?: string; type: T; payload: EventPayloads[T] };
}[EventType];

/** The partner answers checklist items (key → answer), one a second from `at`. */
export interface AnswersFixture {
  at: Ago;
  by: UserKey;
  version: string;
  answers: Record<string, string>;
}

/** The reviewer judges checklist items (key → verdict, or [verdict, comment]), one a second from `at`. */
export interface VerdictsFixture {
  at: Ago;
  by: UserKey;
  version: string;
  verdicts: Record<string, Verdict | [Verdict, string]>;
}

export type HistoryFixture = EventFixture | AnswersFixture | VerdictsFixture;

export interface AppFixture {
  code: string;
  /** Where its story stands, for whoever reads this file. */
  about: string;
  partner: PartnerKey;
  createdBy: UserKey;
  createdAt: Ago;
  updatedAt: Ago;
  consultation: ConsultationStatus;
  consultationAt?: Ago;
  consultationNote?: string;
  partnerDisabled?: true;
  /** Suspended by staff, with the reason. */
  platformDisabled?: string;
  section: SectionKey;
  countries: string[];
  /** Initials and background colour of the generated SVG logo. */
  logo: [string, string];
  priceMinor: number;
  discountedPriceMinor?: number;
  trialDays?: number;
  currency: 'USD' | 'EUR' | 'RUB';
  supportUrl: string;
  documentationUrl: string;
  texts: Record<Locale, ListingTextFixture>;
  versions: VersionFixture[];
  installations?: InstallationFixture[];
  history: HistoryFixture[];
}

/** The whole demo marketplace. */
export interface DemoFixture {
  passwordHash: string;
  users: Record<UserKey, UserFixture>;
  partners: Record<PartnerKey, { name: string; createdAt: Ago }>;
  accounts: Record<AccountKey, { name: string; country: string; apiVersion: number; createdAt: Ago }>;
  apiKeys: { secret: string; kind: 'CATALOG' | 'ACCOUNT'; name: string; account?: AccountKey; createdAt: Ago }[];
  /** Partners' webhook endpoints (URLs under {@link DEMO_MODULE_URL} point at the demo module). */
  webhookEndpoints: { partner: PartnerKey; url: string; secret: string }[];
  policy: { requiredLocales: Locale[]; consultationEnabled: boolean; currencies: string[] };
  sections: { key: SectionKey; names: Record<Locale, string> }[];
  scopes: { key: ScopeKey; label: string; description: string; polling?: true }[];
  /** The one without a section is the default, for sections without their own. */
  templates: { key: string; name: string; section?: SectionKey; items: TemplateItemFixture[]; createdAt: Ago }[];
  apps: AppFixture[];
}

// ─── People, partners, accounts, keys ───────────────────────────────────────

/**
 * Where the demo module (`examples/demo-module`, `pnpm demo-module`) listens by default. URLs that
 * start with it are written with the server's `VETLINE_DEMO_MODULE_URL` instead when seeded.
 */
export const DEMO_MODULE_URL = 'http://127.0.0.1:4100';

/** The demo partner Nordlys' webhook secret: public, so the demo module can verify what it receives. */
export const DEMO_WEBHOOK_SECRET = 'whsec_ZGVtby1vbmx5LW5vcmRseXMtd2ViaG9vay1zZWNyZXQ=';

/** Every demo user's password (printed on the sign-in page and in the README). */
export const DEMO_PASSWORD = 'vetline-demo';

const USERS: Record<UserKey, UserFixture> = {
  admin: { email: 'admin@vetline.dev', name: 'Alex Admin', role: 'ADMIN', createdAt: d(400) },
  rita: { email: 'rita@vetline.dev', name: 'Rita Reyes', role: 'REVIEWER', createdAt: d(400) },
  ivan: { email: 'ivan@vetline.dev', name: 'Ivan Orlov', role: 'REVIEWER', createdAt: d(400) },
  anna: { email: 'anna@acme.dev', name: 'Anna Acker', role: 'PARTNER_OWNER', partner: 'acme', createdAt: d(330) },
  max: { email: 'max@acme.dev', name: 'Max Mayer', role: 'PARTNER_MEMBER', partner: 'acme', createdAt: d(330) },
  olga: { email: 'olga@nordlys.dev', name: 'Olga Nordahl', role: 'PARTNER_OWNER', partner: 'nordlys', createdAt: d(210) },
  carol: { email: 'carol@corner.shop', name: 'Carol Corner', role: 'ACCOUNT_ADMIN', account: 'corner', createdAt: d(365) },
  misha: { email: 'misha@magazin.shop', name: 'Миша Лавкин', role: 'ACCOUNT_ADMIN', account: 'magazin', createdAt: d(365) },
  otto: { email: 'otto@oldtown.shop', name: 'Otto Altstadt', role: 'ACCOUNT_ADMIN', account: 'oldtown', createdAt: d(365) },
};

const ACCOUNTS: Record<AccountKey, { name: string; country: string; apiVersion: number; createdAt: Ago }> = {
  corner: { name: 'Corner Shop', country: 'US', apiVersion: 5, createdAt: d(365) },
  magazin: { name: 'Магазин у дома', country: 'RU', apiVersion: 5, createdAt: d(365) },
  oldtown: { name: 'Old Town Store', country: 'DE', apiVersion: 2, createdAt: d(365) },
};

// ─── Checklist templates ────────────────────────────────────────────────────

const DEFAULT_ITEMS: TemplateItemFixture[] = [
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

const PAYMENT_ITEMS: TemplateItemFixture[] = [
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

// ─── The marketplace ────────────────────────────────────────────────────────

export const demo: DemoFixture = {
  /** argon2id of DEMO_PASSWORD, hashed once (hashing on every seed costs start-up time for a public password). */
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$A+JL+t+EcphpwIfrxgSgPQ$dvc0x2H2A1n/xW6yfxxnLbNZ9VpqUPJdy8PXVlCV9ss',
  users: USERS,
  partners: {
    acme: { name: 'Acme Apps', createdAt: d(330) },
    nordlys: { name: 'Nordlys Software', createdAt: d(210) },
  },
  accounts: ACCOUNTS,
  apiKeys: [
    { secret: 'vl_catalog_demo', kind: 'CATALOG', name: 'Demo storefront', createdAt: d(300) },
    { secret: 'vl_account_corner_shop', kind: 'ACCOUNT', name: 'Corner Shop connector', account: 'corner', createdAt: d(300) },
    { secret: 'vl_account_magazin', kind: 'ACCOUNT', name: 'Магазин у дома connector', account: 'magazin', createdAt: d(300) },
    { secret: 'vl_account_old_town', kind: 'ACCOUNT', name: 'Old Town Store connector', account: 'oldtown', createdAt: d(300) },
  ],
  webhookEndpoints: [{ partner: 'nordlys', url: `${DEMO_MODULE_URL}/webhooks`, secret: DEMO_WEBHOOK_SECRET }],
  policy: { requiredLocales: ['en', 'ru'], consultationEnabled: true, currencies: ['USD', 'EUR', 'RUB'] },
  /** In catalog order. */
  sections: [
    { key: 'payments', names: { en: 'Payments', ru: 'Платежи' } },
    { key: 'delivery', names: { en: 'Delivery', ru: 'Доставка' } },
    { key: 'marketing', names: { en: 'Marketing', ru: 'Маркетинг' } },
    { key: 'analytics', names: { en: 'Analytics', ru: 'Аналитика' } },
    { key: 'communications', names: { en: 'Communications', ru: 'Коммуникации' } },
    { key: 'crm-tools', names: { en: 'CRM tools', ru: 'CRM-системы' } },
  ],
  scopes: [
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
  ],
  templates: [
    { key: 'default', name: 'Default checklist', items: DEFAULT_ITEMS, createdAt: d(400) },
    { key: 'payments', name: 'Payments checklist', section: 'payments', items: PAYMENT_ITEMS, createdAt: d(400) },
  ],
  apps: [
    {
      code: 'acme-pay',
      about: 'live 1.0 installed by Corner Shop, update 1.1 in review with an open blocking thread.',
      partner: 'acme', createdBy: 'anna', createdAt: d(120), updatedAt: h(30), consultation: 'APPROVED', consultationAt: d(117),
      consultationNote: 'Card payments are much asked for in the US and the EU. Welcome aboard!',
      section: 'payments', countries: ['US', 'CA', 'GB', 'DE'], logo: ['AP', '#2563eb'], priceMinor: 0, currency: 'USD',
      supportUrl: 'https://acme.dev/support/pay', documentationUrl: 'https://docs.acme.dev/pay',
      texts: {
        en: {
          name: 'Acme Pay',
          description: 'Accept cards, Apple Pay and Google Pay at checkout. Payments, refunds and chargebacks show up on the order by themselves, so your books always match your bank.',
          installationGuide: guide('Click Connect and sign in to Acme Pay, or create an account in two minutes.', 'Choose the payment methods to offer at checkout.', 'Place a test order and check that the payment appears on it.'),
        },
        ru: {
          name: 'Acme Pay',
          description: 'Принимайте банковские карты, Apple Pay и Google Pay при оформлении заказа. Платежи, возвраты и чарджбэки сами появляются в заказе, и учёт всегда сходится с банком.',
          installationGuide: guide('Нажмите «Подключить» и войдите в Acme Pay или создайте аккаунт за две минуты.', 'Выберите способы оплаты для страницы оформления заказа.', 'Оформите тестовый заказ и проверьте, что платёж появился в нём.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'LIVE',
          changelog: 'First release: cards, Apple Pay and Google Pay at checkout; refunds from the Acme dashboard.',
          minApiVersion: 3, connection: 'https://pay.acme.dev/connect',
          scopes: [
            { key: 'orders.read', justification: 'Show the payment status next to each order.' },
            { key: 'payments.write', justification: 'Record payments and refunds on the order.' },
            { key: 'customers.read', justification: "Pre-fill the cardholder's name and e-mail." },
          ],
          createdBy: 'anna', createdAt: d(110), updatedAt: d(91), submittedAt: d(95), assignee: 'rita', claimedAt: d(94), decidedAt: d(92),
          releasedAt: d(91), rounds: [{ submittedAt: d(95), endedAt: d(92), outcome: 'APPROVED' }],
        },
        {
          version: '1.1', status: 'IN_REVIEW',
          changelog: 'Refunds from the order page. Chargebacks are now reported back to the order.',
          minApiVersion: 3, connection: 'https://pay.acme.dev/connect',
          scopes: [
            { key: 'orders.read', justification: 'Show the payment status next to each order.' },
            { key: 'orders.write', justification: 'Mark orders as refunded and add a note with the chargeback reason.' },
            { key: 'payments.write', justification: 'Record payments, refunds and chargebacks on the order.' },
          ],
          createdBy: 'max', createdAt: d(10), updatedAt: d(2), submittedAt: d(3), assignee: 'rita', claimedAt: d(2), rounds: [{ submittedAt: d(3) }],
          threads: [
            {
              by: 'rita', at: h(40), round: 1, anchor: 'CHECKLIST_ITEM', anchorKey: 'transmits-chargebacks',
              title: 'Chargebacks are not reported to the order',
              comments: [
                {
                  by: 'rita', at: h(40),
                  body: 'I opened a chargeback on test order #1042 in your sandbox; 30 minutes later the order still says "Paid". Please check the webhook that reports chargebacks.',
                },
                {
                  by: 'anna', at: h(30),
                  body: 'Thanks! The sandbox webhook still pointed at our staging host. It is fixed, and chargebacks now arrive within a minute; could you try order #1042 again?',
                },
              ],
            },
          ],
        },
      ],
      installations: [{ n: 1, account: 'corner', version: '1.0', grantedScopes: ['orders.read', 'payments.write', 'customers.read'], connectedAt: d(80) }],
      history: [
        { at: d(120), by: 'anna', type: 'app.created', payload: { code: 'acme-pay', consultation: 'NOT_REQUESTED' } },
        { at: d(119), by: 'anna', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(117), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: 'Card payments are much asked for in the US and the EU. Welcome aboard!' } },
        { at: d(110), by: 'anna', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(100), by: 'anna', version: '1.0',
          answers: {
            'connects-account': 'yes', 'transmits-payments': 'yes', 'transmits-chargebacks': 'yes', 'disconnect-reconnect': 'yes',
            'existing-user': 'yes', 'test-account': 'login: demo / password: demo', 'setup-guide': 'https://docs.acme.dev/pay/setup',
            'api-accesses': "orders.read: on demand. Show the payment status next to each order.\npayments.write: on demand. Record payments and refunds on the order.\ncustomers.read: on demand. Pre-fill the cardholder's name and e-mail.",
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(95), by: 'anna', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(94), by: 'rita', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('rita') } },
        {
          at: d(93), by: 'rita', version: '1.0',
          verdicts: {
            'connects-account': 'PASS', 'transmits-payments': 'PASS', 'transmits-chargebacks': 'PASS', 'disconnect-reconnect': 'PASS',
            'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS', 'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(92), by: 'rita', version: '1.0', type: 'version.approved', payload: { version: '1.0', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(91), by: 'anna', version: '1.0', type: 'version.released', payload: { version: '1.0', status: { old: 'APPROVED', new: 'LIVE' }, automatic: false, supersedes: null } },
        {
          at: d(80), by: null, version: '1.0', type: 'installation.connected',
          payload: {
            installationId: ids.installation('acme-pay', 'corner', 1), accountId: ids.account('corner'),
            grantedScopes: ['orders.read', 'payments.write', 'customers.read'],
          },
        },
        { at: d(10), by: 'max', version: '1.1', type: 'version.created', payload: { version: '1.1', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(4), by: 'max', version: '1.1',
          answers: {
            'connects-account': 'yes', 'transmits-payments': 'yes', 'transmits-chargebacks': 'yes', 'disconnect-reconnect': 'yes',
            'existing-user': 'yes', 'test-account': 'login: demo / password: demo', 'setup-guide': 'https://docs.acme.dev/pay/setup',
            'api-accesses': 'orders.read: on demand. Show the payment status next to each order.\norders.write: on demand. Mark orders as refunded and add a note with the chargeback reason.\npayments.write: on demand. Record payments, refunds and chargebacks on the order.',
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(3), by: 'anna', version: '1.1', type: 'version.submitted', payload: { version: '1.1', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(2), by: 'rita', version: '1.1', type: 'version.claimed', payload: { version: '1.1', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('rita') } },
        {
          at: h(41), by: 'rita', version: '1.1',
          verdicts: {
            'connects-account': 'PASS', 'transmits-payments': 'PASS', 'disconnect-reconnect': 'PASS',
            'transmits-chargebacks': ['FAIL', 'A test chargeback on order #1042 never reached the order.'],
          },
        },
        {
          at: h(40), by: 'rita', version: '1.1', type: 'thread.opened',
          payload: {
            threadId: ids.thread('acme-pay@1.1', 1), title: 'Chargebacks are not reported to the order', anchor: 'CHECKLIST_ITEM',
            anchorKey: 'transmits-chargebacks', blocking: true,
          },
        },
        { at: h(30), by: 'anna', version: '1.1', type: 'thread.comment_posted', payload: { threadId: ids.thread('acme-pay@1.1', 1), commentId: ids.comment('acme-pay@1.1', 1, 2) } },
      ],
    },
    {
      code: 'acme-ship',
      about: 'just created (stage CREATED), the Russian listing not written yet.',
      partner: 'acme', createdBy: 'max', createdAt: d(5), updatedAt: d(5), consultation: 'NOT_REQUESTED', section: 'delivery', countries: ['US', 'CA'],
      logo: ['AS', '#0891b2'], priceMinor: 900, trialDays: 14, currency: 'USD', supportUrl: 'https://acme.dev/support/ship',
      documentationUrl: 'https://docs.acme.dev/ship',
      texts: {
        en: {
          name: 'Acme Ship',
          description: 'Compare carrier rates at checkout and print shipping labels in one click.',
          installationGuide: guide('Click Connect.', 'Add your carrier accounts.', 'Choose which rates customers see at checkout.'),
        },
        ru: { name: 'Acme Доставка', description: '', installationGuide: '' },
      },
      versions: [],
      history: [
        { at: d(5), by: 'max', type: 'app.created', payload: { code: 'acme-ship', consultation: 'NOT_REQUESTED' } },
      ],
    },
    {
      code: 'acme-mail',
      about: 'waiting for its consultation (stage CONSULTATION).',
      partner: 'acme', createdBy: 'anna', createdAt: d(6), updatedAt: d(5), consultation: 'REQUESTED', consultationAt: d(5), section: 'communications',
      countries: ['US', 'GB', 'DE'], logo: ['AM', '#db2777'], priceMinor: 1500, discountedPriceMinor: 1200, currency: 'USD',
      supportUrl: 'https://acme.dev/support/mail', documentationUrl: 'https://docs.acme.dev/mail',
      texts: {
        en: {
          name: 'Acme Mail',
          description: 'Abandoned-cart reminders, order updates and newsletters that look good on every phone.',
          installationGuide: guide('Click Connect and confirm your sender address.', 'Pick a template for each e-mail.', 'Switch on the campaigns you want.'),
        },
        ru: {
          name: 'Acme Рассылки',
          description: 'Напоминания о брошенной корзине, уведомления о заказах и рассылки, которые хорошо выглядят на любом телефоне.',
          installationGuide: guide('Нажмите «Подключить» и подтвердите адрес отправителя.', 'Выберите шаблон для каждого письма.', 'Включите нужные рассылки.'),
        },
      },
      versions: [],
      history: [
        { at: d(6), by: 'anna', type: 'app.created', payload: { code: 'acme-mail', consultation: 'NOT_REQUESTED' } },
        { at: d(5), by: 'anna', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
      ],
    },
    {
      code: 'acme-stats',
      about: 'in development, a draft with half the checklist and no Russian listing.',
      partner: 'acme', createdBy: 'max', createdAt: d(40), updatedAt: d(11), consultation: 'APPROVED', consultationAt: d(38), section: 'analytics',
      countries: ['US', 'CA', 'GB'], logo: ['St', '#7c3aed'], priceMinor: 1900, trialDays: 14, currency: 'USD',
      supportUrl: 'https://acme.dev/support/stats', documentationUrl: 'https://docs.acme.dev/stats',
      texts: {
        en: {
          name: 'Acme Stats',
          description: 'An hourly sales dashboard and a daily e-mail report: revenue, average order and best sellers at a glance.',
          installationGuide: guide('Click Connect; no account is needed.', 'Open the dashboard from the Apps menu.', 'Add the e-mail addresses that should get the daily report.'),
        },
        ru: { name: '', description: '', installationGuide: '' },
      },
      versions: [
        {
          version: '0.9', status: 'DRAFT', changelog: 'Beta: the sales dashboard and a daily e-mail report.', minApiVersion: 4, connection: 'simple', configurationUrl: `${DEMO_MODULE_URL}/configure/acme-stats`,
          scopes: [
            { key: 'analytics.read', justification: 'Build the hourly sales dashboard.', pollingIntervalSeconds: 3600 },
            { key: 'orders.read', justification: 'Break sales down by product and channel.' },
          ],
          createdBy: 'max', createdAt: d(20), updatedAt: d(11),
        },
      ],
      history: [
        { at: d(40), by: 'max', type: 'app.created', payload: { code: 'acme-stats', consultation: 'NOT_REQUESTED' } },
        { at: d(39), by: 'max', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(38), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(20), by: 'max', version: '0.9', type: 'version.created', payload: { version: '0.9', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(12), by: 'max', version: '0.9',
          answers: { 'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'test-account': 'login: demo / password: demo' },
        },
        { at: d(11), by: 'max', version: '0.9', type: 'version.updated', payload: { version: '0.9', changed: ['changelog'] } },
      ],
    },
    {
      code: 'acme-loyalty',
      about: 'changes requested; one blocking thread addressed by the partner, one resolved.',
      partner: 'acme', createdBy: 'anna', createdAt: d(60), updatedAt: d(9), consultation: 'APPROVED', consultationAt: d(57), section: 'marketing',
      countries: ['US', 'CA', 'GB', 'DE', 'RU'], logo: ['AL', '#ea580c'], priceMinor: 2900, discountedPriceMinor: 1900, trialDays: 30, currency: 'USD',
      supportUrl: 'https://acme.dev/support/loyalty', documentationUrl: 'https://docs.acme.dev/loyalty',
      texts: {
        en: {
          name: 'Acme Loyalty',
          description: 'Reward repeat customers with points, tiers and birthday coupons. Points are earned on every paid order and redeemed at checkout.',
          installationGuide: guide('Click Connect and sign in to Acme Loyalty.', 'Set how many points a dollar earns and what a point is worth.', 'Turn on the points widget for your store.'),
        },
        ru: {
          name: 'Acme Лояльность',
          description: 'Поощряйте постоянных покупателей баллами, уровнями и купонами ко дню рождения. Баллы начисляются за каждый оплаченный заказ и списываются при оформлении.',
          installationGuide: guide('Нажмите «Подключить» и войдите в Acme Лояльность.', 'Укажите, сколько баллов даёт каждый рубль и сколько стоит балл.', 'Включите виджет баллов в магазине.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'CHANGES_REQUESTED', changelog: 'First release: points, tiers and birthday coupons.', minApiVersion: 3,
          connection: 'https://loyalty.acme.dev/connect',
          scopes: [
            { key: 'customers.read', justification: 'Match purchases to loyalty members.' },
            { key: 'orders.read', justification: 'Award points when an order is paid.' },
            { key: 'loyalty.write', justification: 'Award and redeem points and issue birthday coupons.' },
          ],
          createdBy: 'anna', createdAt: d(50), updatedAt: d(15) + h(22.5), submittedAt: d(20), assignee: 'ivan', claimedAt: d(18),
          rounds: [
            {
              submittedAt: d(20), endedAt: d(15) + h(22.5), outcome: 'CHANGES_REQUESTED',
              submitted: { texts: { ru: { description: 'Поощряйте постоянных покупателей баллами, уровнями и купонами ко дню рождения. Начисляйте баллы за' } } },
            },
          ],
          threads: [
            {
              by: 'ivan', at: d(15) + h(23.5), round: 1, anchor: 'CHECKLIST_ITEM', anchorKey: 'test-account', title: 'The test account does not work',
              addressedAt: d(9) + h(23.9),
              comments: [
                {
                  by: 'ivan', at: d(15) + h(23.5),
                  body: 'Signing in with login "demo" and password "demo" fails with "invalid password". Please check the credentials or reset the account.',
                },
                { by: 'anna', at: d(10), body: 'We reset the demo account: login "demo", password "demo" works again. Sorry about that!' },
              ],
            },
            {
              by: 'ivan', at: d(15) + h(23), round: 1, anchor: 'LISTING_FIELD', anchorKey: 'description.ru',
              title: 'The Russian description is cut off', blocking: false, resolvedBy: 'ivan', resolvedAt: d(9),
              comments: [
                { by: 'ivan', at: d(15) + h(23), body: 'The Russian description stops mid-sentence ("Начисляйте баллы за"). Please complete it.' },
                { by: 'anna', at: d(11) + h(23.8), body: 'Done, the Russian description is complete now.' },
              ],
            },
          ],
        },
      ],
      history: [
        { at: d(60), by: 'anna', type: 'app.created', payload: { code: 'acme-loyalty', consultation: 'NOT_REQUESTED' } },
        { at: d(59), by: 'anna', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(57), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(50), by: 'anna', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(30), by: 'anna', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.acme.dev/loyalty/setup',
            'api-accesses': 'customers.read: on demand. Match purchases to loyalty members.\norders.read: on demand. Award points when an order is paid.\nloyalty.write: on demand. Award and redeem points and issue birthday coupons.',
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(20), by: 'anna', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(18), by: 'ivan', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        {
          at: d(16), by: 'ivan', version: '1.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'api-accesses': 'PASS', 'support-contact': 'PASS',
            'test-account': ['FAIL', 'The demo login is rejected with "invalid password".'],
            'setup-guide': ['FAIL', 'The guide link returns 404.'],
          },
        },
        {
          at: d(15) + h(23.5), by: 'ivan', version: '1.0', type: 'thread.opened',
          payload: {
            threadId: ids.thread('acme-loyalty@1.0', 1), title: 'The test account does not work', anchor: 'CHECKLIST_ITEM', anchorKey: 'test-account',
            blocking: true,
          },
        },
        {
          at: d(15) + h(23), by: 'ivan', version: '1.0', type: 'thread.opened',
          payload: {
            threadId: ids.thread('acme-loyalty@1.0', 2), title: 'The Russian description is cut off', anchor: 'LISTING_FIELD',
            anchorKey: 'description.ru', blocking: false,
          },
        },
        {
          at: d(15) + h(22.5), by: 'ivan', version: '1.0', type: 'version.changes_requested',
          payload: {
            version: '1.0', status: { old: 'IN_REVIEW', new: 'CHANGES_REQUESTED' }, summary: null, failedItems: ['test-account', 'setup-guide'],
            openThreads: [ids.thread('acme-loyalty@1.0', 1), ids.thread('acme-loyalty@1.0', 2)],
          },
        },
        {
          at: d(12), by: 'anna', type: 'app.listing_updated',
          payload: {
            changes: {
              'description.ru': {
                old: 'Поощряйте постоянных покупателей баллами, уровнями и купонами ко дню рождения. Начисляйте баллы за',
                new: 'Поощряйте постоянных покупателей баллами, уровнями и купонами ко дню рождения. Баллы начисляются за каждый оплаченный заказ и списываются при оформлении.',
              },
            },
          },
        },
        { at: d(11) + h(23.8), by: 'anna', version: '1.0', type: 'thread.comment_posted', payload: { threadId: ids.thread('acme-loyalty@1.0', 2), commentId: ids.comment('acme-loyalty@1.0', 2, 2) } },
        { at: d(10), by: 'anna', version: '1.0', type: 'thread.comment_posted', payload: { threadId: ids.thread('acme-loyalty@1.0', 1), commentId: ids.comment('acme-loyalty@1.0', 1, 2) } },
        { at: d(9) + h(23.9), by: 'anna', version: '1.0', type: 'thread.addressed', payload: { threadId: ids.thread('acme-loyalty@1.0', 1) } },
        { at: d(9), by: 'ivan', version: '1.0', type: 'thread.resolved', payload: { threadId: ids.thread('acme-loyalty@1.0', 2), status: { old: 'OPEN', new: 'RESOLVED' } } },
      ],
    },
    {
      code: 'acme-legacy',
      about: 'live, but switched off by the partner.',
      partner: 'acme', createdBy: 'anna', createdAt: d(300), updatedAt: d(30), consultation: 'NOT_REQUIRED', partnerDisabled: true,
      section: 'crm-tools', countries: ['US', 'DE'], logo: ['AC', '#64748b'], priceMinor: 0, currency: 'USD',
      supportUrl: 'https://acme.dev/support/legacy', documentationUrl: 'https://docs.acme.dev/legacy',
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
      versions: [
        {
          version: '2.0', status: 'LIVE', changelog: 'Two-way sync of customer cards.', minApiVersion: 2,
          connection: 'https://contacts.acme.dev/connect', autoRelease: true,
          scopes: [
            { key: 'customers.read', justification: 'Copy customer cards to Acme Contacts.' },
            { key: 'customers.write', justification: 'Write contact edits back to the store.' },
          ],
          createdBy: 'anna', createdAt: d(260), updatedAt: d(248), submittedAt: d(250), assignee: 'ivan', claimedAt: d(249), decidedAt: d(248),
          releasedAt: d(248),
          rounds: [{ submittedAt: d(250), endedAt: d(248), outcome: 'APPROVED' }],
        },
      ],
      history: [
        { at: d(300), by: 'anna', type: 'app.created', payload: { code: 'acme-legacy', consultation: 'NOT_REQUIRED' } },
        { at: d(260), by: 'anna', version: '2.0', type: 'version.created', payload: { version: '2.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(255), by: 'anna', version: '2.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.acme.dev/legacy/setup',
            'api-accesses': 'customers.read: on demand. Copy customer cards to Acme Contacts.\ncustomers.write: on demand. Write contact edits back to the store.',
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(250), by: 'anna', version: '2.0', type: 'version.submitted', payload: { version: '2.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: true } },
        { at: d(249), by: 'ivan', version: '2.0', type: 'version.claimed', payload: { version: '2.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        {
          at: d(248) + h(1), by: 'ivan', version: '2.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS',
            'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(248), by: 'ivan', version: '2.0', type: 'version.approved', payload: { version: '2.0', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(248), by: null, version: '2.0', type: 'version.released', payload: { version: '2.0', status: { old: 'APPROVED', new: 'LIVE' }, automatic: true, supersedes: null } },
        { at: d(30), by: 'anna', type: 'app.partner_state_changed', payload: { partnerDisabled: { old: false, new: true } } },
      ],
    },
    {
      code: 'acme-crypto',
      about: 'consultation declined.',
      partner: 'acme', createdBy: 'max', createdAt: d(25), updatedAt: d(22), consultation: 'DECLINED', consultationAt: d(22),
      consultationNote: 'We do not list cryptocurrency payment methods for now (partner policy, section 4.2). You are welcome to apply again when the policy changes.',
      section: 'payments', countries: ['US'], logo: ['CX', '#f59e0b'], priceMinor: 0, currency: 'USD', supportUrl: 'https://acme.dev/support/crypto',
      documentationUrl: 'https://docs.acme.dev/crypto',
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
      versions: [],
      history: [
        { at: d(25), by: 'max', type: 'app.created', payload: { code: 'acme-crypto', consultation: 'NOT_REQUESTED' } },
        { at: d(24), by: 'max', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        {
          at: d(22), by: 'admin', type: 'app.consultation_decided',
          payload: {
            consultation: { old: 'REQUESTED', new: 'DECLINED' },
            note: 'We do not list cryptocurrency payment methods for now (partner policy, section 4.2). You are welcome to apply again when the policy changes.',
          },
        },
      ],
    },
    {
      code: 'nordlys-crm',
      about: '1.0 superseded by 2.0 (which needs API 4); two accounts on it, one left.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(200), updatedAt: d(20), consultation: 'APPROVED', consultationAt: d(198),
      section: 'crm-tools', countries: ['US', 'RU', 'DE', 'KZ', 'NO'], logo: ['NC', '#059669'], priceMinor: 2900, discountedPriceMinor: 2400,
      trialDays: 14, currency: 'EUR', supportUrl: 'https://nordlys.dev/support/crm', documentationUrl: 'https://docs.nordlys.dev/crm',
      texts: {
        en: {
          name: 'Nordlys CRM',
          description: "A CRM built for shops: every customer's orders, notes and tasks on one card.",
          installationGuide: guide('Click Connect and sign in to Nordlys, or start a 14-day trial.', 'Choose which customer fields to sync.', 'Invite your team to the CRM.'),
        },
        ru: {
          name: 'Nordlys CRM',
          description: 'CRM для магазинов: заказы, заметки и задачи по каждому покупателю на одной карточке.',
          installationGuide: guide('Нажмите «Подключить» и войдите в Nordlys или начните 14-дневный пробный период.', 'Выберите поля покупателя для синхронизации.', 'Пригласите коллег в CRM.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'SUPERSEDED', changelog: 'First release: customer cards with order history.', minApiVersion: 2,
          connection: 'https://crm.nordlys.dev/connect', autoRelease: true,
          scopes: [
            { key: 'customers.read', justification: 'Sync customer cards into the CRM.' },
            { key: 'orders.read', justification: 'Show the order history on the customer card.' },
          ],
          createdBy: 'olga', createdAt: d(190), updatedAt: d(42), submittedAt: d(180), assignee: 'ivan', claimedAt: d(179), decidedAt: d(178),
          releasedAt: d(178),
          rounds: [{ submittedAt: d(180), endedAt: d(178), outcome: 'APPROVED' }],
        },
        {
          version: '2.0', status: 'LIVE',
          changelog: "Two-way sync: edits in the CRM update the store's customer profiles. Needs platform API 4.",
          minApiVersion: 4, connection: 'https://crm.nordlys.dev/connect',
          scopes: [
            { key: 'customers.read', justification: 'Sync customer cards into the CRM.' },
            { key: 'customers.write', justification: 'Write edits made in the CRM back to the store.' },
            { key: 'orders.read', justification: 'Show the order history on the customer card.' },
          ],
          createdBy: 'olga', createdAt: d(60), updatedAt: d(42), submittedAt: d(45), assignee: 'rita', claimedAt: d(44), decidedAt: d(43),
          releasedAt: d(42), rounds: [{ submittedAt: d(45), endedAt: d(43), outcome: 'APPROVED' }],
        },
      ],
      installations: [
        { n: 2, account: 'oldtown', version: '1.0', grantedScopes: ['customers.read', 'orders.read'], connectedAt: d(150), disconnectedAt: d(41) },
        { n: 3, account: 'corner', version: '2.0', grantedScopes: ['customers.read', 'customers.write', 'orders.read'], connectedAt: d(30) },
        { n: 4, account: 'magazin', version: '2.0', grantedScopes: ['customers.read', 'customers.write', 'orders.read'], connectedAt: d(20) },
      ],
      history: [
        { at: d(200), by: 'olga', type: 'app.created', payload: { code: 'nordlys-crm', consultation: 'NOT_REQUESTED' } },
        { at: d(199), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(198), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(190), by: 'olga', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(185), by: 'olga', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/crm/setup',
            'api-accesses': 'customers.read: on demand. Sync customer cards into the CRM.\norders.read: on demand. Show the order history on the customer card.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(180), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: true } },
        { at: d(179), by: 'ivan', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        {
          at: d(178) + h(2), by: 'ivan', version: '1.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS',
            'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(178), by: 'ivan', version: '1.0', type: 'version.approved', payload: { version: '1.0', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(178), by: null, version: '1.0', type: 'version.released', payload: { version: '1.0', status: { old: 'APPROVED', new: 'LIVE' }, automatic: true, supersedes: null } },
        {
          at: d(150), by: null, version: '1.0', type: 'installation.connected',
          payload: {
            installationId: ids.installation('nordlys-crm', 'oldtown', 2), accountId: ids.account('oldtown'),
            grantedScopes: ['customers.read', 'orders.read'],
          },
        },
        { at: d(60), by: 'olga', version: '2.0', type: 'version.created', payload: { version: '2.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(50), by: 'olga', version: '2.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/crm/setup',
            'api-accesses': 'customers.read: on demand. Sync customer cards into the CRM.\ncustomers.write: on demand. Write edits made in the CRM back to the store.\norders.read: on demand. Show the order history on the customer card.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(45), by: 'olga', version: '2.0', type: 'version.submitted', payload: { version: '2.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(44), by: 'rita', version: '2.0', type: 'version.claimed', payload: { version: '2.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('rita') } },
        {
          at: d(43) + h(2), by: 'rita', version: '2.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS',
            'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(43), by: 'rita', version: '2.0', type: 'version.approved', payload: { version: '2.0', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(42), by: 'olga', version: '1.0', type: 'version.superseded', payload: { version: '1.0', status: { old: 'LIVE', new: 'SUPERSEDED' }, by: ids.version('nordlys-crm@2.0') } },
        { at: d(42), by: 'olga', version: '2.0', type: 'version.released', payload: { version: '2.0', status: { old: 'APPROVED', new: 'LIVE' }, automatic: false, supersedes: ids.version('nordlys-crm@1.0') } },
        { at: d(41), by: null, version: '1.0', type: 'installation.disconnected', payload: { installationId: ids.installation('nordlys-crm', 'oldtown', 2), accountId: ids.account('oldtown') } },
        {
          at: d(30), by: null, version: '2.0', type: 'installation.connected',
          payload: {
            installationId: ids.installation('nordlys-crm', 'corner', 3), accountId: ids.account('corner'),
            grantedScopes: ['customers.read', 'customers.write', 'orders.read'],
          },
        },
        {
          at: d(20), by: null, version: '2.0', type: 'installation.connected',
          payload: {
            installationId: ids.installation('nordlys-crm', 'magazin', 4), accountId: ids.account('magazin'),
            grantedScopes: ['customers.read', 'customers.write', 'orders.read'],
          },
        },
      ],
    },
    {
      code: 'nordlys-sms',
      about: 'live, installed, but suspended by staff.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(150), updatedAt: d(5), consultation: 'APPROVED', consultationAt: d(148),
      platformDisabled: 'Suspended after customer complaints about unsolicited SMS. Contact moderation@vetline.dev to restore the app.',
      section: 'communications', countries: ['RU', 'KZ', 'NO', 'DE'], logo: ['SMS', '#dc2626'], priceMinor: 49000, currency: 'RUB',
      supportUrl: 'https://nordlys.dev/support/sms', documentationUrl: 'https://docs.nordlys.dev/sms',
      texts: {
        en: {
          name: 'Nordlys SMS',
          description: 'Order confirmations and delivery updates by SMS, with delivery reports and low local rates.',
          installationGuide: guide('Click Connect.', 'Top up your SMS balance.', 'Choose which order statuses send an SMS.'),
        },
        ru: {
          name: 'Nordlys SMS',
          description: 'SMS о подтверждении заказа и статусе доставки, с отчётами о доставке и низкими местными тарифами.',
          installationGuide: guide('Нажмите «Подключить».', 'Пополните баланс SMS.', 'Выберите статусы заказа, при которых отправляется SMS.'),
        },
      },
      versions: [
        {
          version: '1.2', status: 'LIVE',
          changelog: 'Delivery reports for every message; sender name per store.',
          minApiVersion: 3, connection: 'https://sms.nordlys.dev/connect',
          scopes: [
            { key: 'messages.send', justification: 'Send order status SMS to customers.' },
            { key: 'customers.read', justification: "Read the customer's phone number." },
            { key: 'orders.read', justification: 'Trigger an SMS when an order changes status.' },
          ],
          createdBy: 'olga', createdAt: d(130), updatedAt: d(117), submittedAt: d(120), assignee: 'rita', claimedAt: d(119), decidedAt: d(118),
          releasedAt: d(117),
          rounds: [{ submittedAt: d(120), endedAt: d(118), outcome: 'APPROVED' }],
        },
      ],
      installations: [{ n: 5, account: 'magazin', version: '1.2', grantedScopes: ['messages.send', 'customers.read', 'orders.read'], connectedAt: d(100) }],
      history: [
        { at: d(150), by: 'olga', type: 'app.created', payload: { code: 'nordlys-sms', consultation: 'NOT_REQUESTED' } },
        { at: d(149), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(148), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(130), by: 'olga', version: '1.2', type: 'version.created', payload: { version: '1.2', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(125), by: 'olga', version: '1.2',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/sms/setup',
            'api-accesses': "messages.send: on demand. Send order status SMS to customers.\ncustomers.read: on demand. Read the customer's phone number.\norders.read: on demand. Trigger an SMS when an order changes status.",
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(120), by: 'olga', version: '1.2', type: 'version.submitted', payload: { version: '1.2', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(119), by: 'rita', version: '1.2', type: 'version.claimed', payload: { version: '1.2', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('rita') } },
        {
          at: d(118) + h(3), by: 'rita', version: '1.2',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS',
            'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(118), by: 'rita', version: '1.2', type: 'version.approved', payload: { version: '1.2', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(117), by: 'olga', version: '1.2', type: 'version.released', payload: { version: '1.2', status: { old: 'APPROVED', new: 'LIVE' }, automatic: false, supersedes: null } },
        {
          at: d(100), by: null, version: '1.2', type: 'installation.connected',
          payload: {
            installationId: ids.installation('nordlys-sms', 'magazin', 5), accountId: ids.account('magazin'),
            grantedScopes: ['messages.send', 'customers.read', 'orders.read'],
          },
        },
        {
          at: d(5), by: 'admin', type: 'app.platform_disabled_changed',
          payload: {
            platformDisabled: { old: false, new: true },
            reason: 'Suspended after customer complaints about unsolicited SMS. Contact moderation@vetline.dev to restore the app.',
          },
        },
      ],
    },
    {
      code: 'nordlys-chat',
      about: 'approved, waiting for the partner to release it.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(45), updatedAt: d(8), consultation: 'APPROVED', consultationAt: d(43),
      section: 'communications', countries: ['RU', 'KZ', 'NO', 'US'], logo: ['Ch', '#0d9488'], priceMinor: 0, currency: 'EUR',
      supportUrl: 'https://nordlys.dev/support/chat', documentationUrl: 'https://docs.nordlys.dev/chat',
      texts: {
        en: {
          name: 'Nordlys Chat',
          description: 'A live chat widget for your store, with the order details next to every conversation.',
          installationGuide: guide('Click Connect; the widget appears on your store at once.', 'Set your working hours.', 'Answer chats from the Nordlys app on your phone.'),
        },
        ru: {
          name: 'Nordlys Чат',
          description: 'Онлайн-чат для магазина: данные заказа рядом с каждым диалогом.',
          installationGuide: guide('Нажмите «Подключить» — виджет сразу появится в магазине.', 'Укажите часы работы.', 'Отвечайте в чатах из приложения Nordlys на телефоне.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'APPROVED',
          changelog: 'First release: chat widget, canned replies and order details in the chat.',
          minApiVersion: 3, connection: 'simple', configurationUrl: `${DEMO_MODULE_URL}/configure/nordlys-chat`,
          scopes: [
            { key: 'messages.send', justification: 'Answer customers in the chat.' },
            { key: 'customers.read', justification: 'Show who is chatting and their past orders.' },
          ],
          createdBy: 'olga', createdAt: d(30), updatedAt: d(8), submittedAt: d(10), assignee: 'ivan', claimedAt: d(9), decidedAt: d(8),
          rounds: [{ submittedAt: d(10), endedAt: d(8), outcome: 'APPROVED' }],
        },
      ],
      history: [
        { at: d(45), by: 'olga', type: 'app.created', payload: { code: 'nordlys-chat', consultation: 'NOT_REQUESTED' } },
        { at: d(44), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(43), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(30), by: 'olga', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(15), by: 'olga', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/chat/setup',
            'api-accesses': 'messages.send: on demand. Answer customers in the chat.\ncustomers.read: on demand. Show who is chatting and their past orders.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(10), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(9), by: 'ivan', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        {
          at: h(193), by: 'ivan', version: '1.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS', 'api-accesses': 'PASS',
            'support-contact': 'PASS',
            'existing-user': ['NOT_APPLICABLE', 'Simple connection: the chat has no user accounts of its own.'],
          },
        },
        { at: d(8), by: 'ivan', version: '1.0', type: 'version.approved', payload: { version: '1.0', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
      ],
    },
    {
      code: 'nordlys-reviews',
      about: 'rejected.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(70), updatedAt: d(37), consultation: 'APPROVED', consultationAt: d(68), section: 'marketing',
      countries: ['RU', 'KZ'], logo: ['NR', '#ca8a04'], priceMinor: 0, currency: 'RUB', supportUrl: 'https://nordlys.dev/support/reviews',
      documentationUrl: 'https://docs.nordlys.dev/reviews',
      texts: {
        en: {
          name: 'Nordlys Reviews',
          description: 'Collect product reviews after delivery and show star ratings on product pages.',
          installationGuide: guide('Click Connect.', 'Choose when the review request is sent.', 'Approve reviews before they are published.'),
        },
        ru: {
          name: 'Nordlys Отзывы',
          description: 'Собирайте отзывы о товарах после доставки и показывайте рейтинг на страницах товаров.',
          installationGuide: guide('Нажмите «Подключить».', 'Выберите, когда отправлять просьбу об отзыве.', 'Проверяйте отзывы перед публикацией.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'REJECTED',
          changelog: 'First release: review requests after delivery and a rating widget.',
          minApiVersion: 3, connection: 'https://reviews.nordlys.dev/connect',
          scopes: [
            { key: 'orders.read', justification: 'Know when an order has been delivered.' },
            { key: 'messages.send', justification: 'Ask the buyer for a review.' },
            { key: 'products.read', justification: 'Show the rating on the product page.' },
          ],
          createdBy: 'olga', createdAt: d(60), updatedAt: d(37), submittedAt: d(40), assignee: 'rita', claimedAt: d(38), decidedAt: d(37),
          rounds: [{ submittedAt: d(40), endedAt: d(37), outcome: 'REJECTED' }],
        },
      ],
      history: [
        { at: d(70), by: 'olga', type: 'app.created', payload: { code: 'nordlys-reviews', consultation: 'NOT_REQUESTED' } },
        { at: d(69), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(68), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(60), by: 'olga', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(45), by: 'olga', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/reviews/setup',
            'api-accesses': 'orders.read: on demand. Know when an order has been delivered.\nmessages.send: on demand. Ask the buyer for a review.\nproducts.read: on demand. Show the rating on the product page.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(40), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(38), by: 'rita', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('rita') } },
        {
          at: d(37) + h(1), by: 'rita', version: '1.0',
          verdicts: {
            'disconnect-reconnect': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS', 'api-accesses': 'PASS', 'support-contact': 'PASS',
            'connects-account': ['FAIL', 'Connecting fails with HTTP 500 on every attempt.'],
            'existing-user': ['FAIL', 'An existing Nordlys user gets a second, empty account.'],
          },
        },
        {
          at: d(37), by: 'rita', version: '1.0', type: 'version.rejected',
          payload: {
            version: '1.0', status: { old: 'IN_REVIEW', new: 'REJECTED' },
            reason: 'The integration does not connect to a store and duplicates existing users. Please rebuild the connection flow and submit a new version.',
          },
        },
      ],
    },
    {
      code: 'nordlys-survey',
      about: 'live 1.0; 1.1 withdrawn; 1.2 waiting 9 days, unclaimed.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(180), updatedAt: d(9), consultation: 'APPROVED', consultationAt: d(178), section: 'marketing',
      countries: ['NO', 'RU', 'DE'], logo: ['Sv', '#8b5cf6'], priceMinor: 0, currency: 'EUR', supportUrl: 'https://nordlys.dev/support/survey',
      documentationUrl: 'https://docs.nordlys.dev/survey',
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
      versions: [
        {
          version: '1.0', status: 'LIVE', changelog: 'First release: post-purchase survey and NPS.', minApiVersion: 3, connection: 'simple',
          configurationUrl: `${DEMO_MODULE_URL}/configure/nordlys-survey`,
          autoRelease: true,
          scopes: [
            { key: 'orders.read', justification: 'Send the survey after the order is delivered.' },
            { key: 'messages.send', justification: 'E-mail the survey to the buyer.' },
          ],
          createdBy: 'olga', createdAt: d(170), updatedAt: d(163), submittedAt: d(165), assignee: 'ivan', claimedAt: d(164), decidedAt: d(163),
          releasedAt: d(163),
          rounds: [{ submittedAt: d(165), endedAt: d(163), outcome: 'APPROVED' }],
        },
        {
          version: '1.1', status: 'WITHDRAWN', changelog: 'Survey results per product.', minApiVersion: 3, connection: 'simple', configurationUrl: `${DEMO_MODULE_URL}/configure/nordlys-survey`,
          scopes: [
            { key: 'orders.read', justification: 'Send the survey after the order is delivered.' },
            { key: 'messages.send', justification: 'E-mail the survey to the buyer.' },
          ],
          createdBy: 'olga', createdAt: d(20), updatedAt: d(12), submittedAt: d(14),
          rounds: [{ submittedAt: d(14), endedAt: d(12), outcome: 'WITHDRAWN' }],
        },
        {
          version: '1.2', status: 'SUBMITTED', changelog: 'Survey results per product and per product category.', minApiVersion: 3,
          connection: 'simple', configurationUrl: `${DEMO_MODULE_URL}/configure/nordlys-survey`,
          scopes: [
            { key: 'orders.read', justification: 'Send the survey after the order is delivered.' },
            { key: 'messages.send', justification: 'E-mail the survey to the buyer.' },
            { key: 'products.read', justification: 'Group the results by product category.' },
          ],
          createdBy: 'olga', createdAt: d(11), updatedAt: d(9), submittedAt: d(9), rounds: [{ submittedAt: d(9) }],
        },
      ],
      history: [
        { at: d(180), by: 'olga', type: 'app.created', payload: { code: 'nordlys-survey', consultation: 'NOT_REQUESTED' } },
        { at: d(179), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(178), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(170), by: 'olga', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(166), by: 'olga', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/survey/setup',
            'api-accesses': 'orders.read: on demand. Send the survey after the order is delivered.\nmessages.send: on demand. E-mail the survey to the buyer.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(165), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: true } },
        { at: d(164), by: 'ivan', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        {
          at: d(163) + h(2), by: 'ivan', version: '1.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS',
            'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(163), by: 'ivan', version: '1.0', type: 'version.approved', payload: { version: '1.0', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(163), by: null, version: '1.0', type: 'version.released', payload: { version: '1.0', status: { old: 'APPROVED', new: 'LIVE' }, automatic: true, supersedes: null } },
        { at: d(20), by: 'olga', version: '1.1', type: 'version.created', payload: { version: '1.1', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(15), by: 'olga', version: '1.1',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/survey/setup',
            'api-accesses': 'orders.read: on demand. Send the survey after the order is delivered.\nmessages.send: on demand. E-mail the survey to the buyer.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(14), by: 'olga', version: '1.1', type: 'version.submitted', payload: { version: '1.1', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(12), by: 'olga', version: '1.1', type: 'version.withdrawn', payload: { version: '1.1', status: { old: 'SUBMITTED', new: 'WITHDRAWN' } } },
        { at: d(11), by: 'olga', version: '1.2', type: 'version.created', payload: { version: '1.2', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(10), by: 'olga', version: '1.2',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/survey/setup',
            'api-accesses': 'orders.read: on demand. Send the survey after the order is delivered.\nmessages.send: on demand. E-mail the survey to the buyer.\nproducts.read: on demand. Group the results by product category.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(9), by: 'olga', version: '1.2', type: 'version.submitted', payload: { version: '1.2', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
      ],
    },
    {
      code: 'acme-reviews-widget',
      about: 'new, waiting 7 days.',
      partner: 'acme', createdBy: 'anna', createdAt: d(26), updatedAt: d(7), consultation: 'APPROVED', consultationAt: d(24), section: 'marketing',
      countries: ['US', 'GB', 'DE'], logo: ['RW', '#f97316'], priceMinor: 500, trialDays: 7, currency: 'USD',
      supportUrl: 'https://acme.dev/support/reviews-widget', documentationUrl: 'https://docs.acme.dev/reviews-widget',
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
      versions: [
        {
          version: '1.0', status: 'SUBMITTED', changelog: 'First release.', minApiVersion: 3, connection: 'simple', configurationUrl: `${DEMO_MODULE_URL}/configure/acme-reviews-widget`,
          scopes: [{ key: 'products.read', justification: 'Show the reviews next to each product.' }],
          createdBy: 'anna', createdAt: d(15), updatedAt: d(7), submittedAt: d(7), rounds: [{ submittedAt: d(7) }],
        },
      ],
      history: [
        { at: d(26), by: 'anna', type: 'app.created', payload: { code: 'acme-reviews-widget', consultation: 'NOT_REQUESTED' } },
        { at: d(25), by: 'anna', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(24), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(15), by: 'anna', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(8), by: 'anna', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.acme.dev/reviews-widget/setup',
            'api-accesses': 'products.read: on demand. Show the reviews next to each product.',
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(7), by: 'anna', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
      ],
    },
    {
      code: 'nordlys-wms',
      about: 'live 2.3; 2.4 claimed by Ivan, then reassigned to Rita by the admin.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(250), updatedAt: h(100), consultation: 'APPROVED', consultationAt: d(247),
      section: 'delivery', countries: ['NO', 'DE', 'RU', 'KZ'], logo: ['WMS', '#1d4ed8'], priceMinor: 19900, discountedPriceMinor: 14900, trialDays: 30,
      currency: 'EUR', supportUrl: 'https://nordlys.dev/support/wms', documentationUrl: 'https://docs.nordlys.dev/wms',
      texts: {
        en: {
          name: 'Nordlys WMS',
          description: 'Warehouse management: pick lists, barcode scanning and live stock levels across warehouses.',
          installationGuide: guide('Click Connect and sign in to Nordlys WMS.', 'Map your warehouses to store locations.', 'Run the first stock count.'),
        },
        ru: {
          name: 'Nordlys WMS',
          description: 'Управление складом: листы подбора, сканирование штрихкодов и остатки по складам в реальном времени.',
          installationGuide: guide('Нажмите «Подключить» и войдите в Nordlys WMS.', 'Сопоставьте склады с точками магазина.', 'Проведите первую инвентаризацию.'),
        },
      },
      versions: [
        {
          version: '2.3', status: 'LIVE',
          changelog: 'Stock levels per warehouse; shipped orders are marked in the store.',
          minApiVersion: 4, connection: 'https://wms.nordlys.dev/connect',
          scopes: [
            { key: 'products.write', justification: 'Update stock levels from the warehouse.' },
            { key: 'orders.write', justification: 'Mark orders as shipped.' },
          ],
          createdBy: 'olga', createdAt: d(100), updatedAt: d(92), submittedAt: d(95), assignee: 'rita', claimedAt: d(94), decidedAt: d(93),
          releasedAt: d(92), rounds: [{ submittedAt: d(95), endedAt: d(93), outcome: 'APPROVED' }],
        },
        {
          version: '2.4', status: 'IN_REVIEW',
          changelog: 'Carrier hand-over: shipments are created in the store when a parcel leaves the warehouse.',
          minApiVersion: 4, connection: 'https://wms.nordlys.dev/connect',
          scopes: [
            { key: 'products.write', justification: 'Update stock levels from the warehouse.' },
            { key: 'orders.write', justification: 'Mark orders as shipped.' },
            { key: 'delivery.write', justification: 'Create the shipment with its tracking number.' },
          ],
          createdBy: 'olga', createdAt: d(12), updatedAt: h(100), submittedAt: d(6), assignee: 'rita', claimedAt: h(100),
          rounds: [{ submittedAt: d(6) }],
        },
      ],
      history: [
        { at: d(250), by: 'olga', type: 'app.created', payload: { code: 'nordlys-wms', consultation: 'NOT_REQUESTED' } },
        { at: d(249), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(247), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(100), by: 'olga', version: '2.3', type: 'version.created', payload: { version: '2.3', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(96), by: 'olga', version: '2.3',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/wms/setup',
            'api-accesses': 'products.write: on demand. Update stock levels from the warehouse.\norders.write: on demand. Mark orders as shipped.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(95), by: 'olga', version: '2.3', type: 'version.submitted', payload: { version: '2.3', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(94), by: 'rita', version: '2.3', type: 'version.claimed', payload: { version: '2.3', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('rita') } },
        {
          at: d(93) + h(2), by: 'rita', version: '2.3',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS',
            'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(93), by: 'rita', version: '2.3', type: 'version.approved', payload: { version: '2.3', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(92), by: 'olga', version: '2.3', type: 'version.released', payload: { version: '2.3', status: { old: 'APPROVED', new: 'LIVE' }, automatic: false, supersedes: null } },
        { at: d(12), by: 'olga', version: '2.4', type: 'version.created', payload: { version: '2.4', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(7), by: 'olga', version: '2.4',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/wms/setup',
            'api-accesses': 'products.write: on demand. Update stock levels from the warehouse.\norders.write: on demand. Mark orders as shipped.\ndelivery.write: on demand. Create the shipment with its tracking number.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(6), by: 'olga', version: '2.4', type: 'version.submitted', payload: { version: '2.4', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: h(140), by: 'ivan', version: '2.4', type: 'version.claimed', payload: { version: '2.4', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        { at: h(100), by: 'admin', version: '2.4', type: 'version.assigned', payload: { version: '2.4', status: { old: 'IN_REVIEW', new: 'IN_REVIEW' }, assigneeId: { old: ids.user('ivan'), new: ids.user('rita') } } },
      ],
    },
    {
      code: 'acme-labels',
      about: 'new, waiting 5 days.',
      partner: 'acme', createdBy: 'max', createdAt: d(33), updatedAt: d(5), consultation: 'APPROVED', consultationAt: d(31), section: 'delivery',
      countries: ['US', 'CA'], logo: ['Lb', '#b45309'], priceMinor: 400, currency: 'USD', supportUrl: 'https://acme.dev/support/labels',
      documentationUrl: 'https://docs.acme.dev/labels',
      texts: {
        en: {
          name: 'Acme Labels',
          description: 'Print USPS, UPS and FedEx shipping labels in bulk; tracking numbers go back to the order.',
          installationGuide: guide('Click Connect.', 'Connect your carrier accounts.', 'Select orders and print their labels.'),
        },
        ru: {
          name: 'Acme Этикетки',
          description: 'Массовая печать транспортных этикеток USPS, UPS и FedEx; трек-номера возвращаются в заказ.',
          installationGuide: guide('Нажмите «Подключить».', 'Подключите аккаунты перевозчиков.', 'Выберите заказы и распечатайте этикетки.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'SUBMITTED', changelog: 'First release: USPS, UPS and FedEx labels.', minApiVersion: 3,
          connection: 'https://labels.acme.dev/connect',
          scopes: [
            { key: 'orders.read', justification: 'Read the parcel contents and the delivery address.' },
            { key: 'delivery.write', justification: 'Save the tracking number on the shipment.' },
          ],
          createdBy: 'max', createdAt: d(20), updatedAt: d(5), submittedAt: d(5), rounds: [{ submittedAt: d(5) }],
        },
      ],
      history: [
        { at: d(33), by: 'max', type: 'app.created', payload: { code: 'acme-labels', consultation: 'NOT_REQUESTED' } },
        { at: d(32), by: 'max', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(31), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(20), by: 'max', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: h(130), by: 'max', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.acme.dev/labels/setup',
            'api-accesses': 'orders.read: on demand. Read the parcel contents and the delivery address.\ndelivery.write: on demand. Save the tracking number on the shipment.',
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(5), by: 'max', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
      ],
    },
    {
      code: 'nordlys-tickets',
      about: 'new; round 1 sent back for the missing test credentials, round 2 in review.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(50), updatedAt: h(87.9), consultation: 'APPROVED', consultationAt: d(48),
      section: 'crm-tools', countries: ['NO', 'DE', 'US'], logo: ['Tk', '#0f766e'], priceMinor: 1500, currency: 'EUR',
      supportUrl: 'https://nordlys.dev/support/tickets', documentationUrl: 'https://docs.nordlys.dev/tickets',
      texts: {
        en: {
          name: 'Nordlys Helpdesk',
          description: 'Turn customer e-mails into tickets linked to their orders, and answer them from one shared inbox.',
          installationGuide: guide('Click Connect and sign in to Nordlys.', 'Forward your support address to Nordlys.', 'Invite your support team.'),
        },
        ru: {
          name: 'Nordlys Хелпдеск',
          description: 'Письма покупателей превращаются в заявки, связанные с заказами; отвечайте из общего почтового ящика.',
          installationGuide: guide('Нажмите «Подключить» и войдите в Nordlys.', 'Настройте пересылку адреса поддержки в Nordlys.', 'Пригласите сотрудников поддержки.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'IN_REVIEW', changelog: 'First release: tickets from e-mail, linked to orders.', minApiVersion: 3,
          connection: 'https://help.nordlys.dev/connect',
          scopes: [
            { key: 'customers.read', justification: 'Recognise the customer who wrote in.' },
            { key: 'orders.read', justification: "Show the customer's orders next to the ticket." },
          ],
          createdBy: 'olga', createdAt: d(40), updatedAt: h(90), submittedAt: d(4), assignee: 'ivan', claimedAt: h(90),
          rounds: [
            {
              submittedAt: d(20), endedAt: d(18), outcome: 'CHANGES_REQUESTED',
              submitted: { changelog: 'First release.', answers: { 'test-account': 'The password was sent to moderation@vetline.dev.' } },
            },
            { submittedAt: d(4) },
          ],
          threads: [
            {
              by: 'ivan', at: d(18) + h(0.5), round: 1, anchor: 'CHECKLIST_ITEM', anchorKey: 'test-account', title: 'Test credentials are missing',
              addressedAt: h(143.7), resolvedBy: 'ivan', resolvedAt: h(87.9),
              comments: [
                {
                  by: 'ivan', at: d(18) + h(0.5),
                  body: 'The answer says the password was e-mailed to us; we never got it. Please put the credentials in the checklist so that every reviewer can use them.',
                },
                { by: 'olga', at: h(143.8), body: 'Sorry! The test credentials are in the checklist now.' },
              ],
            },
          ],
        },
      ],
      history: [
        { at: d(50), by: 'olga', type: 'app.created', payload: { code: 'nordlys-tickets', consultation: 'NOT_REQUESTED' } },
        { at: d(49), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(48), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(40), by: 'olga', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(25), by: 'olga', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/tickets/setup',
            'api-accesses': "customers.read: on demand. Recognise the customer who wrote in.\norders.read: on demand. Show the customer's orders next to the ticket.",
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(20), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(19), by: 'ivan', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        {
          at: d(18) + h(1), by: 'ivan', version: '1.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'setup-guide': 'PASS', 'api-accesses': 'PASS',
            'support-contact': 'PASS', 'test-account': ['FAIL', 'There is no password in the answer.'],
          },
        },
        {
          at: d(18) + h(0.5), by: 'ivan', version: '1.0', type: 'thread.opened',
          payload: {
            threadId: ids.thread('nordlys-tickets@1.0', 1), title: 'Test credentials are missing', anchor: 'CHECKLIST_ITEM', anchorKey: 'test-account',
            blocking: true,
          },
        },
        {
          at: d(18), by: 'ivan', version: '1.0', type: 'version.changes_requested',
          payload: {
            version: '1.0', status: { old: 'IN_REVIEW', new: 'CHANGES_REQUESTED' }, summary: null, failedItems: ['test-account'],
            openThreads: [ids.thread('nordlys-tickets@1.0', 1)],
          },
        },
        { at: d(6), by: 'olga', version: '1.0', answers: { 'test-account': 'login: demo / password: demo' } },
        { at: h(143.9), by: 'olga', version: '1.0', type: 'version.updated', payload: { version: '1.0', changed: ['changelog'] } },
        { at: h(143.8), by: 'olga', version: '1.0', type: 'thread.comment_posted', payload: { threadId: ids.thread('nordlys-tickets@1.0', 1), commentId: ids.comment('nordlys-tickets@1.0', 1, 2) } },
        { at: h(143.7), by: 'olga', version: '1.0', type: 'thread.addressed', payload: { threadId: ids.thread('nordlys-tickets@1.0', 1) } },
        { at: d(4), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'CHANGES_REQUESTED', new: 'SUBMITTED' }, round: 2, autoRelease: false } },
        { at: h(90), by: 'ivan', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        { at: h(88), by: 'ivan', version: '1.0', verdicts: { 'test-account': 'PASS' } },
        { at: h(87.9), by: 'ivan', version: '1.0', type: 'thread.resolved', payload: { threadId: ids.thread('nordlys-tickets@1.0', 1), status: { old: 'OPEN', new: 'RESOLVED' } } },
      ],
    },
    {
      code: 'acme-coupons',
      about: 'live 1.0; update 1.1 claimed by Rita, a few items checked.',
      partner: 'acme', createdBy: 'anna', createdAt: d(140), updatedAt: h(69) - s(1), consultation: 'APPROVED', consultationAt: d(138),
      section: 'marketing', countries: ['US', 'CA'], logo: ['Cp', '#e11d48'], priceMinor: 0, currency: 'USD',
      supportUrl: 'https://acme.dev/support/coupons', documentationUrl: 'https://docs.acme.dev/coupons',
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
      versions: [
        {
          version: '1.0', status: 'LIVE', changelog: 'First release: coupon codes and free-shipping offers.', minApiVersion: 3,
          connection: `${DEMO_MODULE_URL}/connect/acme-coupons`,
          scopes: [
            { key: 'loyalty.write', justification: 'Issue coupon codes.' },
            { key: 'orders.read', justification: 'Count how many times each code was used.' },
          ],
          createdBy: 'anna', createdAt: d(135), updatedAt: d(127), submittedAt: d(130), assignee: 'rita', claimedAt: d(129), decidedAt: d(128),
          releasedAt: d(127),
          rounds: [{ submittedAt: d(130), endedAt: d(128), outcome: 'APPROVED' }],
        },
        {
          version: '1.1', status: 'IN_REVIEW', changelog: 'Coupons limited to product categories.', minApiVersion: 3,
          connection: 'https://coupons.acme.dev/connect',
          scopes: [
            { key: 'loyalty.write', justification: 'Issue coupon codes.' },
            { key: 'orders.read', justification: 'Count how many times each code was used.' },
            { key: 'products.read', justification: 'Limit a coupon to the chosen product categories.' },
          ],
          createdBy: 'max', createdAt: d(9), updatedAt: h(70), submittedAt: h(84), assignee: 'rita', claimedAt: h(70), rounds: [{ submittedAt: h(84) }],
        },
      ],
      history: [
        { at: d(140), by: 'anna', type: 'app.created', payload: { code: 'acme-coupons', consultation: 'NOT_REQUESTED' } },
        { at: d(139), by: 'anna', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(138), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(135), by: 'anna', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(131), by: 'anna', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.acme.dev/coupons/setup',
            'api-accesses': 'loyalty.write: on demand. Issue coupon codes.\norders.read: on demand. Count how many times each code was used.',
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(130), by: 'anna', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: d(129), by: 'rita', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('rita') } },
        {
          at: d(128) + h(2), by: 'rita', version: '1.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS',
            'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(128), by: 'rita', version: '1.0', type: 'version.approved', payload: { version: '1.0', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(127), by: 'anna', version: '1.0', type: 'version.released', payload: { version: '1.0', status: { old: 'APPROVED', new: 'LIVE' }, automatic: false, supersedes: null } },
        { at: d(9), by: 'max', version: '1.1', type: 'version.created', payload: { version: '1.1', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(4), by: 'max', version: '1.1',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.acme.dev/coupons/setup',
            'api-accesses': 'loyalty.write: on demand. Issue coupon codes.\norders.read: on demand. Count how many times each code was used.\nproducts.read: on demand. Limit a coupon to the chosen product categories.',
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: h(84), by: 'anna', version: '1.1', type: 'version.submitted', payload: { version: '1.1', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: h(70), by: 'rita', version: '1.1', type: 'version.claimed', payload: { version: '1.1', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('rita') } },
        { at: h(69), by: 'rita', version: '1.1', verdicts: { 'connects-account': 'PASS', 'disconnect-reconnect': 'PASS' } },
      ],
    },
    {
      code: 'nordlys-bi',
      about: 'new, waiting 2 days; polls analytics every 15 minutes.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(40), updatedAt: d(2), consultation: 'APPROVED', consultationAt: d(37), section: 'analytics',
      countries: ['NO', 'DE', 'RU', 'US'], logo: ['BI', '#be123c'], priceMinor: 9900, trialDays: 30, currency: 'EUR',
      supportUrl: 'https://nordlys.dev/support/bi', documentationUrl: 'https://docs.nordlys.dev/bi',
      texts: {
        en: {
          name: 'Nordlys BI',
          description: 'Business intelligence for growing shops: cohorts, margins and forecasts, refreshed every 15 minutes.',
          installationGuide: guide('Click Connect and sign in to Nordlys.', 'Wait for the first import (up to an hour).', 'Open the ready-made dashboards.'),
        },
        ru: {
          name: 'Nordlys BI',
          description: 'Бизнес-аналитика для растущих магазинов: когорты, маржа и прогнозы с обновлением каждые 15 минут.',
          installationGuide: guide('Нажмите «Подключить» и войдите в Nordlys.', 'Дождитесь первой загрузки данных (до часа).', 'Откройте готовые дашборды.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'SUBMITTED', changelog: 'First release: sales, cohort and margin dashboards.', minApiVersion: 5,
          connection: 'https://bi.nordlys.dev/connect',
          scopes: [
            { key: 'analytics.read', justification: 'Refresh the dashboards every 15 minutes.', pollingIntervalSeconds: 900 },
            { key: 'orders.read', justification: 'Compute margins per order.' },
            { key: 'products.read', justification: 'Group sales by product category.' },
          ],
          createdBy: 'olga', createdAt: d(25), updatedAt: d(2), submittedAt: d(2), rounds: [{ submittedAt: d(2) }],
        },
      ],
      history: [
        { at: d(40), by: 'olga', type: 'app.created', payload: { code: 'nordlys-bi', consultation: 'NOT_REQUESTED' } },
        { at: d(39), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(37), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(25), by: 'olga', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(3), by: 'olga', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/bi/setup',
            'api-accesses': 'analytics.read: polled every 15 min. Refresh the dashboards every 15 minutes.\norders.read: on demand. Compute margins per order.\nproducts.read: on demand. Group sales by product category.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(2), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
      ],
    },
    {
      code: 'acme-push',
      about: 'new, claimed by Ivan this morning.',
      partner: 'acme', createdBy: 'anna', createdAt: d(28), updatedAt: h(6), consultation: 'APPROVED', consultationAt: d(26), section: 'communications',
      countries: ['US', 'GB'], logo: ['Pu', '#9333ea'], priceMinor: 700, discountedPriceMinor: 500, currency: 'USD',
      supportUrl: 'https://acme.dev/support/push', documentationUrl: 'https://docs.acme.dev/push',
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
      versions: [
        {
          version: '1.0', status: 'IN_REVIEW',
          changelog: 'First release: back-in-stock, price-drop and order-status notifications.',
          minApiVersion: 3, connection: 'https://push.acme.dev/connect',
          scopes: [
            { key: 'messages.send', justification: 'Send the notifications.' },
            { key: 'products.read', justification: 'Notice when a product is back in stock or cheaper.' },
          ],
          createdBy: 'anna', createdAt: d(14), updatedAt: h(6), submittedAt: h(30), assignee: 'ivan', claimedAt: h(6), rounds: [{ submittedAt: h(30) }],
        },
      ],
      history: [
        { at: d(28), by: 'anna', type: 'app.created', payload: { code: 'acme-push', consultation: 'NOT_REQUESTED' } },
        { at: d(27), by: 'anna', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(26), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(14), by: 'anna', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: h(40), by: 'anna', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.acme.dev/push/setup',
            'api-accesses': 'messages.send: on demand. Send the notifications.\nproducts.read: on demand. Notice when a product is back in stock or cheaper.',
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: h(30), by: 'anna', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
        { at: h(6), by: 'ivan', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
      ],
    },
    {
      code: 'nordlys-pickup',
      about: 'live 1.0 (works on API 2, installed by Old Town Store); update 1.1 waiting.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(160), updatedAt: h(20), consultation: 'APPROVED', consultationAt: d(157), section: 'delivery',
      countries: ['DE', 'NO', 'RU'], logo: ['Pk', '#16a34a'], priceMinor: 0, currency: 'EUR', supportUrl: 'https://nordlys.dev/support/pickup',
      documentationUrl: 'https://docs.nordlys.dev/pickup',
      texts: {
        en: {
          name: 'Nordlys Pickup',
          description: 'Let customers choose a parcel locker or a pickup point on a map at checkout.',
          installationGuide: guide('Click Connect.', 'Choose the pickup networks to offer.', 'Set the price of pickup delivery.'),
        },
        ru: {
          name: 'Nordlys Самовывоз',
          description: 'Покупатель выбирает постамат или пункт выдачи на карте при оформлении заказа.',
          installationGuide: guide('Нажмите «Подключить».', 'Выберите сети пунктов выдачи.', 'Укажите стоимость доставки в пункт выдачи.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'LIVE', changelog: 'First release: DHL, Posten and Boxberry pickup points.', minApiVersion: 2,
          connection: `${DEMO_MODULE_URL}/connect/nordlys-pickup`, autoRelease: true,
          scopes: [
            { key: 'delivery.write', justification: 'Offer pickup points at checkout and book the parcel.' },
            { key: 'orders.read', justification: 'Read the parcel size and weight.' },
          ],
          createdBy: 'olga', createdAt: d(150), updatedAt: d(143), submittedAt: d(145), assignee: 'ivan', claimedAt: d(144), decidedAt: d(143),
          releasedAt: d(143),
          rounds: [{ submittedAt: d(145), endedAt: d(143), outcome: 'APPROVED' }],
        },
        {
          version: '1.1', status: 'SUBMITTED', changelog: 'Parcel lockers of InPost; opening hours on the map.', minApiVersion: 2,
          connection: `${DEMO_MODULE_URL}/connect/nordlys-pickup`,
          scopes: [
            { key: 'delivery.write', justification: 'Offer pickup points at checkout and book the parcel.' },
            { key: 'orders.read', justification: 'Read the parcel size and weight.' },
          ],
          createdBy: 'olga', createdAt: d(6), updatedAt: h(20), submittedAt: h(20), rounds: [{ submittedAt: h(20) }],
        },
      ],
      installations: [{ n: 6, account: 'oldtown', version: '1.0', grantedScopes: ['delivery.write', 'orders.read'], connectedAt: d(100) }],
      history: [
        { at: d(160), by: 'olga', type: 'app.created', payload: { code: 'nordlys-pickup', consultation: 'NOT_REQUESTED' } },
        { at: d(159), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(157), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(150), by: 'olga', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: d(146), by: 'olga', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/pickup/setup',
            'api-accesses': 'delivery.write: on demand. Offer pickup points at checkout and book the parcel.\norders.read: on demand. Read the parcel size and weight.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: d(145), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: true } },
        { at: d(144), by: 'ivan', version: '1.0', type: 'version.claimed', payload: { version: '1.0', status: { old: 'SUBMITTED', new: 'IN_REVIEW' }, assigneeId: ids.user('ivan') } },
        {
          at: d(143) + h(2), by: 'ivan', version: '1.0',
          verdicts: {
            'connects-account': 'PASS', 'disconnect-reconnect': 'PASS', 'existing-user': 'PASS', 'test-account': 'PASS', 'setup-guide': 'PASS',
            'api-accesses': 'PASS', 'support-contact': 'PASS',
          },
        },
        { at: d(143), by: 'ivan', version: '1.0', type: 'version.approved', payload: { version: '1.0', status: { old: 'IN_REVIEW', new: 'APPROVED' } } },
        { at: d(143), by: null, version: '1.0', type: 'version.released', payload: { version: '1.0', status: { old: 'APPROVED', new: 'LIVE' }, automatic: true, supersedes: null } },
        {
          at: d(100), by: null, version: '1.0', type: 'installation.connected',
          payload: {
            installationId: ids.installation('nordlys-pickup', 'oldtown', 6), accountId: ids.account('oldtown'),
            grantedScopes: ['delivery.write', 'orders.read'],
          },
        },
        { at: d(6), by: 'olga', version: '1.1', type: 'version.created', payload: { version: '1.1', status: { old: null, new: 'DRAFT' } } },
        {
          at: h(30), by: 'olga', version: '1.1',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/pickup/setup',
            'api-accesses': 'delivery.write: on demand. Offer pickup points at checkout and book the parcel.\norders.read: on demand. Read the parcel size and weight.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: h(20), by: 'olga', version: '1.1', type: 'version.submitted', payload: { version: '1.1', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
      ],
    },
    {
      code: 'acme-invoices',
      about: 'new payment app, waiting 7 hours.',
      partner: 'acme', createdBy: 'max', createdAt: d(35), updatedAt: h(7), consultation: 'APPROVED', consultationAt: d(33), section: 'payments',
      countries: ['US', 'CA', 'GB'], logo: ['In', '#0284c7'], priceMinor: 1200, trialDays: 14, currency: 'USD',
      supportUrl: 'https://acme.dev/support/invoices', documentationUrl: 'https://docs.acme.dev/invoices',
      texts: {
        en: {
          name: 'Acme Invoices',
          description: 'Send a tax-ready PDF invoice with every order and collect bank transfers for B2B orders.',
          installationGuide: guide('Click Connect and sign in to Acme.', 'Enter your company details and tax number.', 'Choose when invoices are sent.'),
        },
        ru: {
          name: 'Acme Счета',
          description: 'Отправляйте PDF-счёт к каждому заказу и принимайте банковские переводы по B2B-заказам.',
          installationGuide: guide('Нажмите «Подключить» и войдите в Acme.', 'Укажите реквизиты компании и ИНН.', 'Выберите, когда отправлять счета.'),
        },
      },
      versions: [
        {
          version: '1.0', status: 'SUBMITTED', changelog: 'First release: PDF invoices and bank-transfer payments.', minApiVersion: 3,
          connection: 'https://invoices.acme.dev/connect',
          scopes: [
            { key: 'orders.read', justification: 'Create an invoice for each order.' },
            { key: 'customers.read', justification: "Put the buyer's company details on the invoice." },
            { key: 'payments.write', justification: 'Mark the order as paid when the bank transfer arrives.' },
          ],
          createdBy: 'max', createdAt: d(21), updatedAt: h(7), submittedAt: h(7), rounds: [{ submittedAt: h(7) }],
        },
      ],
      history: [
        { at: d(35), by: 'max', type: 'app.created', payload: { code: 'acme-invoices', consultation: 'NOT_REQUESTED' } },
        { at: d(34), by: 'max', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(33), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(21), by: 'max', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: h(9), by: 'max', version: '1.0',
          answers: {
            'connects-account': 'yes', 'transmits-payments': 'yes', 'transmits-chargebacks': 'yes', 'disconnect-reconnect': 'yes',
            'existing-user': 'yes', 'test-account': 'login: demo / password: demo', 'setup-guide': 'https://docs.acme.dev/invoices/setup',
            'api-accesses': "orders.read: on demand. Create an invoice for each order.\ncustomers.read: on demand. Put the buyer's company details on the invoice.\npayments.write: on demand. Mark the order as paid when the bank transfer arrives.",
            'support-contact': 'support@acme.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: h(7), by: 'max', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
      ],
    },
    {
      code: 'nordlys-forms',
      about: 'new, submitted two hours ago.',
      partner: 'nordlys', createdBy: 'olga', createdAt: d(30), updatedAt: h(2), consultation: 'APPROVED', consultationAt: d(28), section: 'marketing',
      countries: ['RU', 'KZ', 'NO'], logo: ['Fm', '#4f46e5'], priceMinor: 0, currency: 'RUB', supportUrl: 'https://nordlys.dev/support/forms',
      documentationUrl: 'https://docs.nordlys.dev/forms',
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
      versions: [
        {
          version: '1.0', status: 'SUBMITTED', changelog: 'First release: contact, pre-order and wholesale forms.', minApiVersion: 3,
          connection: 'simple', configurationUrl: `${DEMO_MODULE_URL}/configure/nordlys-forms`,
          scopes: [{ key: 'customers.write', justification: 'Create a customer from each form submission.' }],
          createdBy: 'olga', createdAt: d(16), updatedAt: h(2), submittedAt: h(2), rounds: [{ submittedAt: h(2) }],
        },
      ],
      history: [
        { at: d(30), by: 'olga', type: 'app.created', payload: { code: 'nordlys-forms', consultation: 'NOT_REQUESTED' } },
        { at: d(29), by: 'olga', type: 'app.consultation_requested', payload: { consultation: { old: 'NOT_REQUESTED', new: 'REQUESTED' } } },
        { at: d(28), by: 'admin', type: 'app.consultation_decided', payload: { consultation: { old: 'REQUESTED', new: 'APPROVED' }, note: null } },
        { at: d(16), by: 'olga', version: '1.0', type: 'version.created', payload: { version: '1.0', status: { old: null, new: 'DRAFT' } } },
        {
          at: h(5), by: 'olga', version: '1.0',
          answers: {
            'connects-account': 'yes', 'disconnect-reconnect': 'yes', 'existing-user': 'yes', 'test-account': 'login: demo / password: demo',
            'setup-guide': 'https://docs.nordlys.dev/forms/setup',
            'api-accesses': 'customers.write: on demand. Create a customer from each form submission.',
            'support-contact': 'support@nordlys.dev, Mon–Fri 9:00–18:00 CET',
          },
        },
        { at: h(2), by: 'olga', version: '1.0', type: 'version.submitted', payload: { version: '1.0', status: { old: 'DRAFT', new: 'SUBMITTED' }, round: 1, autoRelease: false } },
      ],
    },
  ],
};
