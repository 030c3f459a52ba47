/**
 * The dashboard's languages (i18next). English is the fallback. The English `common` namespace (the
 * shell, errors, enum labels, shared words) is bundled; every other namespace, and every Russian one,
 * loads on demand, one JSON file each, when a page asks for it (`useTranslation('review')` suspends
 * until it has arrived), so the first page carries only the texts it shows. The reader's pick is kept
 * in this browser; without one, the browser's own languages decide.
 *
 * Outside a browser (unit tests) every namespace is loaded before this module finishes, so
 * `i18n.t('review:…')` works there without React.
 *
 * Every key exists in both languages (test/web/i18n.test.ts).
 */
/// <reference types="vite/client" />
import i18n, { type LanguageDetectorModule } from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { bundled, type EnglishResources, NAMESPACES } from './en.js';

// `t('key')` is checked against the English texts at compile time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: EnglishResources;
  }
}

export { NAMESPACES };

export const LANGUAGES = { en: 'English', ru: 'Русский' } as const;
export type Language = keyof typeof LANGUAGES;

/** Where the reader's pick is kept; without it, `navigator.languages` decides. */
export const LANGUAGE_STORAGE_KEY = 'vetline.language';

/** The reader's pick in this browser, else the browser's languages (i18next picks the first it has). */
const detector: LanguageDetectorModule = {
  type: 'languageDetector',
  detect: () => {
    try {
      const picked = localStorage.getItem(LANGUAGE_STORAGE_KEY);
      if (picked) return picked;
    } catch {
      // No storage (private mode, or not a browser): the browser's languages decide.
    }
    return typeof navigator === 'undefined' ? undefined : [...navigator.languages];
  },
  // Only an explicit pick is stored (setLanguage), so a reader who never picks follows the browser.
  cacheUserLanguage: () => {},
};

// One chunk per language and namespace; English `common` is in the bundle already.
const onDemand = import.meta.glob<{ default: object }>(['./locales/*/*.json', '!./locales/en/common.json']);

void i18n
  .use(detector)
  .use(initReactI18next)
  .use(resourcesToBackend((language: string, namespace: string) => {
    const load = onDemand[`./locales/${language}/${namespace}.json`];
    return load ? load() : Promise.reject(new Error(`No texts for ${language}/${namespace}`));
  }))
  .init({
    resources: { en: bundled },
    // English `common` is bundled: the shell renders at once in English.
    initAsync: false,
    partialBundledLanguages: true,
    supportedLngs: Object.keys(LANGUAGES),
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    // The other namespaces load when a page first asks for one.
    ns: ['common'],
    defaultNS: 'common',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
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

// Unit tests call `i18n.t('review:…')` outside React, where nothing would ask for the namespace first.
if (typeof window === 'undefined') await i18n.loadNamespaces([...NAMESPACES]);

export default i18n;
