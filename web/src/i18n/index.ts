/**
 * The dashboard's languages (i18next). English is bundled and is the fallback; Russian loads on
 * demand, one JSON file per namespace, so an English reader downloads none of it. The reader's pick
 * is kept in this browser; without one, the browser's own languages decide.
 *
 * Namespaces: `common` (the shell, errors, enum labels, shared words) and one per area of the
 * dashboard. Every key exists in both languages (test/i18n-keys.test.ts).
 */
import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';

// `t('key')` is checked against the English texts at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: typeof en;
  }
}

export const LANGUAGES = { en: 'English', ru: 'Русский' } as const;
export type Language = keyof typeof LANGUAGES;

/** Where the reader's pick is kept; without it, `navigator.languages` decides. */
export const LANGUAGE_STORAGE_KEY = 'vetline.language';

export const NAMESPACES = Object.keys(en) as (keyof typeof en)[];

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .use(resourcesToBackend((language: string, namespace: string) => import(`./locales/${language}/${namespace}.json`)))
  .init({
    resources: { en },
    // English is bundled: ready before the first render (and in unit tests, which run without a DOM).
    initAsync: false,
    partialBundledLanguages: true,
    supportedLngs: Object.keys(LANGUAGES),
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    ns: NAMESPACES,
    defaultNS: 'common',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    // Only an explicit pick is stored (setLanguage), so a reader who never picks follows the browser.
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: LANGUAGE_STORAGE_KEY, caches: [] },
  });

/** The language the dashboard shows now (`en` or `ru`). */
export function currentLanguage(): Language {
  const resolved = i18n.resolvedLanguage ?? i18n.language;
  return resolved && resolved in LANGUAGES ? (resolved as Language) : 'en';
}

/** The locale for `Intl` formatting in the current language. */
export function currentLocale(): string {
  return currentLanguage() === 'ru' ? 'ru-RU' : 'en-GB';
}

/** Switches the language for this browser, remembered across visits and tabs. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage refused (private mode): the pick lasts for this page.
  }
  await i18n.changeLanguage(language);
}

// Screen readers and the browser's spell-checking follow the page's language.
const markDocument = (language: string) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language.startsWith('ru') ? 'ru' : 'en';
};
i18n.on('languageChanged', markDocument);
if (i18n.language) markDocument(i18n.language);

// Another tab picked a language: follow it.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === LANGUAGE_STORAGE_KEY && event.newValue && event.newValue in LANGUAGES) void i18n.changeLanguage(event.newValue);
  });
}

export default i18n;
