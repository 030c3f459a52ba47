/**
 * The bench's catalog: a deterministic set of apps on top of the demo seed, written as one SQL
 * script so both databases get the same rows in about a second (PGlite does ~360 single inserts/s;
 * a few multi-row INSERTs in one transaction take a fraction of that).
 *
 * It leans on the demo seed for people, partners, sections, scopes and API keys, and refers to
 * them by their natural keys (slug, e-mail, section key), never by generated ids.
 */

/** How many apps the bench adds, and how many of them are listed (available). */
export const BENCH_APPS = 180;
export const BENCH_LISTED = 160;

const SECTIONS = ['payments', 'delivery', 'marketing', 'analytics', 'communications', 'crm-tools'];
const COUNTRIES = ['US', 'DE', 'RU', 'GB', 'FR', 'KZ', 'NL', 'PL'];
const PARTNERS = [
  { slug: 'acme', owner: 'anna@acme.dev' },
  { slug: 'nordlys', owner: 'olga@nordlys.dev' },
];
const CURRENCIES = ['USD', 'EUR', 'RUB'];
const WORDS_EN = ['Swift', 'Bright', 'Clever', 'Steady', 'Nimble', 'Quiet', 'Bold', 'Handy', 'Sharp', 'Tidy'];
const NOUNS_EN = ['Ledger', 'Courier', 'Beacon', 'Insight', 'Relay', 'Harbor', 'Compass', 'Signal', 'Parcel', 'Pulse'];
const WORDS_RU = ['Быстрый', 'Яркий', 'Умный', 'Надёжный', 'Ловкий', 'Тихий', 'Смелый', 'Удобный', 'Точный', 'Аккуратный'];
const NOUNS_RU = ['журнал', 'курьер', 'маяк', 'обзор', 'канал', 'порт', 'компас', 'сигнал', 'пакет', 'пульс'];

/** A cuid-shaped id (25 characters), stable for a given kind and number. */
const id = (kind: string, n: number) => `c${`bench${kind}${String(n).padStart(6, '0')}`.padEnd(24, '0')}`;

/** A SQL string literal. */
const q = (value: string) => `'${value.replaceAll("'", "''")}'`;
const list = (values: string[]) => `ARRAY[${values.map(q).join(', ')}]::TEXT[]`;
/**
 * A fixed instant, so every run writes the same rows. The demo seed's times follow the clock (up to
 * ~400 days back); 2020 keeps every bench app older than them, so the catalog's order never moves.
 */
const at = (minutesAfter: number) => q(new Date(Date.UTC(2020, 0, 1) + minutesAfter * 60_000).toISOString());

/** Which apps are not listed, and why: each rule the catalog filters on, exercised. */
function unlistedReason(n: number): 'partnerDisabled' | 'platformDisabled' | 'deleted' | 'noLiveVersion' | null {
  if (n < BENCH_LISTED) return null;
  return (['partnerDisabled', 'platformDisabled', 'deleted', 'noLiveVersion'] as const)[n % 4]!;
}

export interface BenchApp {
  id: string;
  code: string;
  listed: boolean;
}

/** The apps the script writes, in creation order. */
export function benchApps(): BenchApp[] {
  return Array.from({ length: BENCH_APPS }, (_, n) => ({ id: id('app', n), code: `bench-app-${String(n).padStart(3, '0')}`, listed: unlistedReason(n) === null }));
}

/** The SQL script (one transaction) that adds the bench's apps to a demo-seeded database. */
export function benchDataSql(): string {
  const apps: string[] = [];
  const texts: string[] = [];
  const versions: string[] = [];
  const scopes: string[] = [];
  for (const [n, app] of benchApps().entries()) {
    const partner = PARTNERS[n % PARTNERS.length]!;
    const owner = `(SELECT id FROM "User" WHERE email = ${q(partner.owner)})`;
    const section = `(SELECT id FROM "Section" WHERE key = ${q(SECTIONS[n % SECTIONS.length]!)})`;
    // 1 to 4 countries, rotating, so every country filter keeps a different subset.
    const countries = Array.from({ length: 1 + (n % 4) }, (_, i) => COUNTRIES[(n + i * 3) % COUNTRIES.length]!);
    const price = n % 3 === 0 ? 0 : 500 + (n % 7) * 250;
    const discounted = price > 0 && n % 5 === 0 ? price - 100 : null;
    const trial = price > 0 && n % 2 === 0 ? 14 : null;
    const reason = unlistedReason(n);
    const hue = (n * 37) % 360;
    const logo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="hsl(${hue} 60% 45%)"/><text x="32" y="40" font-size="20" text-anchor="middle" fill="#fff">${n}</text></svg>`;
    apps.push(
      `(${q(app.id)}, ${q(app.code)}, (SELECT id FROM "Partner" WHERE slug = ${q(partner.slug)}), ${owner}, 'APPROVED', ` +
        `${reason === 'partnerDisabled'}, ${reason === 'platformDisabled'}, ${section}, ${list(countries)}, ${q(logo)}, ` +
        `${price}, ${discounted ?? 'NULL'}, ${trial ?? 'NULL'}, ${q(CURRENCIES[n % CURRENCIES.length]!)}, ` +
        `${q(`https://${app.code}.example/support`)}, ${q(`https://${app.code}.example/docs`)}, ${at(n)}, ${at(n)}, ${reason === 'deleted' ? at(n + 1) : 'NULL'})`,
    );
    const nameEn = `${WORDS_EN[n % 10]} ${NOUNS_EN[Math.floor(n / 10) % 10]} ${n}`;
    const nameRu = `${WORDS_RU[n % 10]} ${NOUNS_RU[Math.floor(n / 10) % 10]} ${n}`;
    texts.push(
      `(${q(id('text-en', n))}, ${q(app.id)}, 'en', ${q(nameEn)}, ${q(`${nameEn} keeps your store's ${NOUNS_EN[n % 10]!.toLowerCase()} in order: set it up once and it runs on every order.`)}, ${q('Connect the app, paste the API key and press Save.')})`,
      `(${q(id('text-ru', n))}, ${q(app.id)}, 'ru', ${q(nameRu)}, ${q(`${nameRu} наводит порядок в магазине: настройте один раз, и он работает с каждым заказом.`)}, ${q('Подключите приложение, вставьте ключ API и нажмите «Сохранить».')})`,
    );
    // Every third app has an older, superseded version, so "the LIVE one" is a real filter.
    const history = n % 3 === 0 ? ['SUPERSEDED', 'LIVE'] : ['LIVE'];
    if (reason === 'noLiveVersion') history.splice(0, history.length, 'APPROVED');
    for (const [v, status] of history.entries()) {
      const versionId = id(`v${v}-`, n);
      const minApi = 1 + ((n + v) % 6);
      versions.push(
        `(${q(versionId)}, ${q(app.id)}, ${q(`1.${v}.0`)}, ${q(`Release 1.${v}.0`)}, ${minApi}, ${q(`https://${app.code}.example/connect`)}, ` +
          `${q(status)}, ${at(n + v)}, ${at(n + v)}, ${status === 'LIVE' || status === 'SUPERSEDED' ? at(n + v) : 'NULL'}, ${owner}, ${at(n + v)}, ${at(n + v)})`,
      );
      scopes.push(`(${q(id(`s${v}-`, n))}, ${q(versionId)}, 'orders.read', ${q('Reads orders to do its job.')})`);
    }
  }
  return [
    'BEGIN;',
    `INSERT INTO "App" ("id", "code", "partnerId", "createdById", "consultation", "partnerDisabled", "platformDisabled", "sectionId", "countries", "logoSvg", "priceMinor", "discountedPriceMinor", "trialDays", "currency", "supportUrl", "documentationUrl", "createdAt", "updatedAt", "deletedAt") VALUES\n${apps.join(',\n')};`,
    `INSERT INTO "ListingText" ("id", "appId", "locale", "name", "description", "installationGuide") VALUES\n${texts.join(',\n')};`,
    `INSERT INTO "AppVersion" ("id", "appId", "version", "changelog", "minApiVersion", "connectionUrl", "status", "submittedAt", "decidedAt", "releasedAt", "createdById", "createdAt", "updatedAt") VALUES\n${versions.join(',\n')};`,
    `INSERT INTO "RequestedScope" ("id", "versionId", "scopeKey", "justification") VALUES\n${scopes.join(',\n')};`,
    'COMMIT;',
    '',
  ].join('\n');
}
