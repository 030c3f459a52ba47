/**
 * The English texts. Only `common` (the shell, errors, enum labels, shared words) is bundled; every
 * other namespace loads on demand with the page that uses it, like the Russian ones (index.ts). The
 * types of all of them are read here, so every `t('…')` key is checked at compile time.
 */
import common from './locales/en/common.json' with { type: 'json' };

// `typeof import()` of a JSON file is the JSON's type (bundler resolution) or a module with it as `default` (NodeNext).
type Json<Module> = Module extends { default: infer Texts } ? Texts : Module;

/** The shape of every English namespace, for i18next's typed keys. */
export type EnglishResources = {
  common: typeof common;
  account: Json<typeof import('./locales/en/account.json', { with: { type: 'json' } })>;
  admin: Json<typeof import('./locales/en/admin.json', { with: { type: 'json' } })>;
  editor: Json<typeof import('./locales/en/editor.json', { with: { type: 'json' } })>;
  partner: Json<typeof import('./locales/en/partner.json', { with: { type: 'json' } })>;
  queue: Json<typeof import('./locales/en/queue.json', { with: { type: 'json' } })>;
  review: Json<typeof import('./locales/en/review.json', { with: { type: 'json' } })>;
  webhooks: Json<typeof import('./locales/en/webhooks.json', { with: { type: 'json' } })>;
};

export type Namespace = keyof EnglishResources;

/** Every namespace, one JSON file per language each (test/web/i18n.test.ts holds them to the files). */
export const NAMESPACES = ['common', 'account', 'admin', 'editor', 'partner', 'queue', 'review', 'webhooks'] as const satisfies readonly Namespace[];

// A namespace added to the type above must be listed too.
const listed: [Exclude<Namespace, (typeof NAMESPACES)[number]>] extends [never] ? true : never = true;
void listed;

/** What the first page carries: the rest loads on demand. */
export const bundled = { common } as const;
