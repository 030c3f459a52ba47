import i18n from '../i18n/index.js';

/**
 * The marketplace's required locales. The API does not expose the policy yet, so the dashboard
 * assumes the default and adds any other locale an app already has.
 */
export const DEFAULT_REQUIRED_LOCALES = ['en', 'ru'] as const;

/** The listing's localised texts; each `label` reads in the dashboard's current language. */
export const TEXT_FIELDS = [
  {
    key: 'name',
    get label() {
      return i18n.t('partner:listingFields.name');
    },
  },
  {
    key: 'description',
    get label() {
      return i18n.t('partner:listingFields.description');
    },
  },
  {
    key: 'installationGuide',
    get label() {
      return i18n.t('partner:listingFields.installationGuide');
    },
  },
] as const;

export type TextField = (typeof TEXT_FIELDS)[number]['key'];

export interface ListingTextLike {
  locale: string;
  name: string;
  description: string;
  installationGuide: string;
}

/** How complete one locale of the listing is: the fields filled and those still empty. */
export interface LocaleCompleteness {
  locale: string;
  filled: number;
  total: number;
  missing: TextField[];
  complete: boolean;
}

/** Which of the three localised texts of `locale` are filled (whitespace does not count). */
export function localeCompleteness(locale: string, text: Partial<ListingTextLike> | null | undefined): LocaleCompleteness {
  const missing = TEXT_FIELDS.filter((field) => !text?.[field.key]?.trim()).map((field) => field.key);
  return { locale, filled: TEXT_FIELDS.length - missing.length, total: TEXT_FIELDS.length, missing, complete: missing.length === 0 };
}

/** The locales the editor shows: the required ones first, then any other the app has. */
export function editorLocales(texts: readonly { locale: string }[], required: readonly string[] = DEFAULT_REQUIRED_LOCALES): string[] {
  const locales = [...required];
  for (const text of texts) if (!locales.includes(text.locale)) locales.push(text.locale);
  return locales;
}

/**
 * Maps a ValidationError field from `updateListing` to the editor's field id: the API names a
 * text by its index in the input (`texts.1.name`), the editor by its locale (`text.ru.name`).
 */
export function editorFieldForProblem(field: string, sentLocales: readonly string[]): string {
  const text = /^texts\.(\d+)\.(\w+)$/.exec(field);
  if (text) {
    const locale = sentLocales[Number(text[1])];
    return locale ? `text.${locale}.${text[2]}` : field;
  }
  const country = /^countries\.\d+$/.exec(field);
  if (country) return 'countries';
  return field;
}
