import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import i18n, { NAMESPACES } from '../../web/src/i18n/index.js';
import { failureSentence, typedErrorMessage } from '../../web/src/lib/errors.js';
import { formatDuration } from '../../web/src/lib/format.js';
import { label } from '../../web/src/lib/labels.js';

const LOCALES = path.resolve(import.meta.dirname, '../../web/src/i18n/locales');
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Tree = { [key: string]: string | Tree };
const read = (language: string, namespace: string): Tree => JSON.parse(readFileSync(path.join(LOCALES, language, `${namespace}.json`), 'utf8'));
const files = (language: string) =>
  readdirSync(path.join(LOCALES, language))
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();

/** Every text of a namespace by its key, plural forms folded into their base key. */
function texts(tree: Tree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      const base = full.replace(PLURAL, '');
      out.set(base, [...(out.get(base) ?? []), value]);
    } else {
      for (const [inner, values] of texts(value, full)) out.set(inner, [...(out.get(inner) ?? []), ...values]);
    }
  }
  return out;
}
const variables = (values: string[]) => [...new Set(values.flatMap((v) => [...v.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1])))].sort();
const tags = (values: string[]) => [...new Set(values.flatMap((v) => [...v.matchAll(/<(\d+)>/g)].map((m) => m[1])))].sort();

describe('the dashboard texts', () => {
  it('should register every English namespace file, and have the same files in Russian', () => {
    expect([...NAMESPACES].sort()).toEqual(files('en'));
    expect(files('ru')).toEqual(files('en'));
  });

  for (const namespace of files('en')) {
    it(`should have every key of "${namespace}" in both languages, with the same placeholders and tags`, () => {
      const en = texts(read('en', namespace));
      const ru = texts(read('ru', namespace));
      expect([...ru.keys()].sort()).toEqual([...en.keys()].sort());
      for (const [key, values] of en) {
        const russian = ru.get(key) ?? [];
        expect({ key, variables: variables(russian) }).toEqual({ key, variables: variables(values) });
        expect({ key, tags: tags(russian) }).toEqual({ key, tags: tags(values) });
        for (const text of russian) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      }
    });
  }
});

describe('texts outside React', () => {
  // The dashboard bundles only English `common` and loads the rest when a page asks; outside a
  // browser every namespace is loaded before the module finishes, so plain functions can use them.
  it('should have every namespace loaded, so i18n.t("review:…") works without a component asking first', () => {
    for (const namespace of NAMESPACES) {
      expect({ namespace, loaded: i18n.hasResourceBundle('en', namespace) }).toEqual({ namespace, loaded: true });
      const first = [...texts(read('en', namespace))].find(([key]) => !PLURAL.test(key));
      const value = first ? read('en', namespace) : undefined;
      if (first && value) {
        const [key] = first;
        const text = key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), value);
        if (typeof text === 'string' && !/\{\{/.test(text)) expect(i18n.t(`${namespace}:${key}` as never)).toBe(text);
      }
    }
  });
});

describe('switching the language', () => {
  afterAll(async () => {
    await i18n.changeLanguage('en');
  });

  it('should speak English by default, and Russian once picked, in labels, durations and errors', async () => {
    expect(label('status', 'CHANGES_REQUESTED')).toBe('Changes requested');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    await i18n.changeLanguage('ru');
    expect(label('status', 'CHANGES_REQUESTED')).toBe('Нужны доработки');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 ч 20 мин');
    expect(typedErrorMessage({ __typename: 'SectionNotEmptyError', appCount: 3 })).toMatch(/^В этом разделе ещё 3 приложения\./);
    expect(typedErrorMessage({ __typename: 'SectionNotEmptyError', appCount: 5 })).toMatch(/^В этом разделе ещё 5 приложений\./);
    expect(failureSentence({ graphQLErrors: [{ extensions: { code: 'NOT_FOUND' } }] })).toMatch(/^Не найдено\./);
  });

  it('should fall back to the value itself for an enum value without words', async () => {
    await i18n.changeLanguage('en');
    expect(label('status', 'SOMETHING_NEW')).toBe('Something new');
  });
});
