import { describe, expect, it } from 'vitest';
import { ISO_COUNTRIES } from '../server/src/domain/countries.js';
import { ValidationError } from '../server/src/domain/errors.js';
import {
  MAX_LOGO_BYTES,
  sanitizeSvg,
  validateListing,
  type CurrentPricing,
  type ListingInput,
  type ListingPolicy,
} from '../server/src/domain/listing.js';
import { localizedListing } from '../server/src/domain/policy.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LOGO = `<svg xmlns="${SVG_NS}" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#0a0"/></svg>`;

/** The first bytes of a real 1×1 PNG file (signature and IHDR chunk). */
const PNG_HEADER = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
  0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
]);

const policy: ListingPolicy = { requiredLocales: ['en', 'ru'], currencies: ['USD', 'EUR', 'RUB'] };
const paid: CurrentPricing = { priceMinor: 1000, discountedPriceMinor: null, trialDays: null };
const free: CurrentPricing = { priceMinor: 0, discountedPriceMinor: null, trialDays: null };

function sanitized(input: string): string {
  const result = sanitizeSvg(input);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.svg;
}

function refusal(input: string): string {
  const result = sanitizeSvg(input);
  if (result.ok) throw new Error(`accepted: ${result.svg}`);
  return result.message;
}

/** The problems `validateListing` throws for `input`. */
function problems(input: ListingInput, current: CurrentPricing = paid) {
  try {
    validateListing(input, current, policy);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const fields = (input: ListingInput, current?: CurrentPricing) => problems(input, current).map((p) => p.field);

describe('sanitizeSvg', () => {
  const hostile = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="https://evil.example/sheet.css"?>
<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100" onload="alert('root')">
  <script>alert('script')</script>
  <defs>
    <linearGradient id="gradient"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient>
    <circle id="local" cx="10" cy="10" r="5"/>
  </defs>
  <style>@import url(https://evil.example/import.css);</style>
  <style>.brand { stroke: url(#gradient) }</style>
  <rect class="brand" width="50" height="50" fill="url(#gradient)" onclick="alert('click')"/>
  <rect x="50" width="50" height="50" style="fill:url(https://evil.example/fill.png)"/>
  <path d="M0 100 L100 0" style="stroke: url('#gradient'); stroke-width: 2"/>
  <a href="javascript:alert('link')"><text x="10" y="90">Acme</text></a>
  <image href="https://evil.example/x.png" width="10" height="10"/>
  <image xlink:href="https://evil.example/xlink.png" width="10" height="10"/>
  <image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="10" height="10"/>
  <use href="#local"/>
  <use xlink:href="https://evil.example/sprite.svg#icon"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">html</div></foreignObject>
</svg>`;

  it('should remove scripts, event handlers, javascript: links, external references and foreignObject', () => {
    const svg = sanitized(hostile);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/\son\w+=/i);
    expect(svg).not.toContain('alert');
    expect(svg).not.toContain('javascript:');
    expect(svg).not.toContain('evil.example');
    expect(svg).not.toContain('data:');
    expect(svg).not.toMatch(/foreignObject/i);
    expect(svg).not.toContain('@import');
    expect(svg).not.toContain('<?xml-stylesheet');
  });

  it('should keep harmless shapes, url(#gradient) and href="#local"', () => {
    const svg = sanitized(hostile);
    expect(svg).toContain(`<svg xmlns="${SVG_NS}"`);
    expect(svg).toContain('viewBox="0 0 100 100"');
    expect(svg).toContain('<linearGradient id="gradient">');
    expect(svg).toContain('<rect class="brand" width="50" height="50" fill="url(#gradient)"/>');
    expect(svg).toContain(`style="stroke: url('#gradient'); stroke-width: 2"`);
    expect(svg).toContain('<style>.brand { stroke: url(#gradient) }</style>');
    expect(svg).toContain('<use href="#local"/>');
    expect(svg).toContain('<text x="10" y="90">Acme</text>');
    // The shape whose style pointed outside stays, without the style.
    expect(svg).toContain('<rect x="50" width="50" height="50"/>');
  });

  it('should return SVG that sanitises to itself', () => {
    const svg = sanitized(hostile);
    expect(sanitized(svg)).toBe(svg);
  });

  it('should drop CSS that hides a reference behind an escape or another fetching function', () => {
    const svg = sanitized(
      `<svg xmlns="${SVG_NS}">` +
        `<rect width="1" height="1" style="fill: \\75 rl(https://evil.example/a)"/>` +
        `<rect width="2" height="2" fill="\\75 rl(https://evil.example/b)"/>` +
        `<style>@font-face { font-family: x; src: local(x) } .a { background: image-set("https://evil.example/c.png" 1x) }</style>` +
        `<style>@IMPORT "https://evil.example/d.css";</style>` +
        `</svg>`,
    );
    expect(svg).toBe(`<svg xmlns="${SVG_NS}"><rect width="1" height="1"/><rect width="2" height="2"/></svg>`);
  });

  it('should keep a CDATA stylesheet as text, and drop one that imports', () => {
    const dot = '<circle r="1"/>';
    expect(sanitized(`<svg xmlns="${SVG_NS}"><style><![CDATA[.a { fill: #fff }]]></style>${dot}</svg>`)).toBe(
      `<svg xmlns="${SVG_NS}"><style>.a { fill: #fff }</style>${dot}</svg>`,
    );
    expect(sanitized(`<svg xmlns="${SVG_NS}"><style><![CDATA[@import url(https://evil.example/x.css);]]></style>${dot}</svg>`)).toBe(
      `<svg xmlns="${SVG_NS}">${dot}</svg>`,
    );
  });

  it('should refuse a logo that draws nothing once sanitised', () => {
    const nothing =
      'The logo draws nothing once scripts, handlers and external references are removed: it needs a shape, text or image of its own';
    for (const empty of [
      `<svg xmlns="${SVG_NS}"/>`,
      `<svg xmlns="${SVG_NS}" viewBox="0 0 10 10"><title>Acme</title><desc>Logo</desc></svg>`,
      `<svg xmlns="${SVG_NS}"><script>alert(1)</script><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`,
      `<svg xmlns="${SVG_NS}"><image href="https://evil.example/logo.png" width="10" height="10"/></svg>`,
      `<svg xmlns="${SVG_NS}"><style>.a { fill: red }</style><defs><rect id="r" width="5" height="5"/></defs></svg>`,
      `<svg xmlns="${SVG_NS}"><g><g/></g></svg>`,
    ]) {
      expect(refusal(empty)).toBe(nothing);
    }
    // A definition drawn through <use>, and a shape in a group, are drawings.
    expect(sanitizeSvg(`<svg xmlns="${SVG_NS}"><defs><rect id="r" width="5" height="5"/></defs><use href="#r"/></svg>`).ok).toBe(true);
    expect(sanitizeSvg(`<svg xmlns="${SVG_NS}"><g><text>Acme</text></g></svg>`).ok).toBe(true);
  });

  it('should accept an SVG whose elements carry a namespace prefix, and store it unprefixed', () => {
    const prefixed =
      `<s:svg xmlns:s="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">` +
      `<s:defs><s:circle id="c" r="4"/></s:defs><s:use xlink:href="#c" onclick="alert(1)"/><s:rect width="2" height="2"/>` +
      `<s:script>alert(1)</s:script></s:svg>`;
    const svg = sanitized(prefixed);
    expect(svg).toBe(
      `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">` +
        `<defs><circle id="c" r="4"/></defs><use xlink:href="#c"/><rect width="2" height="2"/></svg>`,
    );
    expect(sanitized(svg)).toBe(svg);
    // A prefix bound to another namespace is still not SVG.
    expect(refusal('<s:svg xmlns:s="http://example.com/not-svg"><s:rect/></s:svg>')).toBe(
      `The logo is not SVG: its <svg> root element needs xmlns="${SVG_NS}"`,
    );
  });

  it('should accept a logo with an XML declaration, a doctype and a byte-order mark', () => {
    const svg = sanitized(
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${LOGO}`,
    );
    expect(svg).toBe(LOGO);
  });

  it('should refuse a PNG, however its bytes were turned into text', () => {
    for (const encoding of ['latin1', 'utf8'] as const) {
      expect(refusal(PNG_HEADER.toString(encoding))).toBe('The logo is a PNG image; only SVG is accepted');
    }
  });

  it('should refuse an HTML page, even one that holds an SVG', () => {
    expect(refusal(`<html><head><title>Logo</title></head><body>${LOGO}</body></html>`)).toBe(
      'The logo is not SVG: its root element is <html>, not <svg>',
    );
    expect(refusal(`<!DOCTYPE html><html><body><p>Logo<br></p></body></html>`)).toMatch(/not SVG: it is not a well-formed XML document/);
  });

  it('should refuse plain text, an empty string and another XML root', () => {
    expect(refusal('just a logo, honestly')).toMatch(/not SVG: it is not a well-formed XML document with an <svg> root/);
    expect(refusal('')).toBe('The logo is empty; upload an SVG file');
    expect(refusal('  \n ')).toBe('The logo is empty; upload an SVG file');
    expect(refusal(`<script xmlns="${SVG_NS}">alert(1)</script>`)).toBe('The logo is not SVG: its root element is <script>, not <svg>');
  });

  it('should refuse an <svg> root outside the SVG namespace', () => {
    expect(refusal('<svg><rect width="1" height="1"/></svg>')).toBe(`The logo is not SVG: its <svg> root element needs xmlns="${SVG_NS}"`);
  });

  it('should refuse a logo over the size limit and accept one at it', () => {
    const open = `<svg xmlns="${SVG_NS}"><rect width="1" height="1"/><desc>`;
    const close = '</desc></svg>';
    const atLimit = open + 'x'.repeat(MAX_LOGO_BYTES - open.length - close.length) + close;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_LOGO_BYTES);
    expect(sanitizeSvg(atLimit).ok).toBe(true);
    // Counted in bytes: a two-byte character pushes it over.
    expect(refusal(atLimit.replace('x', 'é'))).toBe('The logo is 101 KB; the limit is 100 KB');
  });
});

describe('validateListing', () => {
  it('should return the normalised values of exactly the keys present', () => {
    const result = validateListing(
      {
        texts: [
          { locale: 'en', name: '  Acme Pay ', description: ' Payments \n', installationGuide: null },
          { locale: 'ru', name: 'Акме' },
        ],
        sectionKey: 'payments',
        countries: ['ru', ' de ', 'RU', 'AM'],
        logoSvg: `<svg xmlns="${SVG_NS}"><rect width="1" height="1" onclick="x()"/></svg>`,
        priceMinor: 1500,
        discountedPriceMinor: 990,
        trialDays: 14,
        currency: 'eur',
        supportUrl: ' https://acme.example/support ',
        documentationUrl: '',
      },
      free,
      policy,
    );
    expect(result).toEqual({
      texts: [
        { locale: 'en', name: 'Acme Pay', description: 'Payments', installationGuide: '' },
        { locale: 'ru', name: 'Акме' },
      ],
      sectionKey: 'payments',
      countries: ['AM', 'DE', 'RU'],
      logoSvg: `<svg xmlns="${SVG_NS}"><rect width="1" height="1"/></svg>`,
      priceMinor: 1500,
      discountedPriceMinor: 990,
      trialDays: 14,
      currency: 'EUR',
      supportUrl: 'https://acme.example/support',
      documentationUrl: null,
    });
  });

  it('should return nothing for an empty edit, and null for cleared fields', () => {
    expect(validateListing({}, paid, policy)).toEqual({});
    expect(
      validateListing(
        { sectionKey: null, countries: null, logoSvg: null, discountedPriceMinor: null, trialDays: null, supportUrl: null },
        paid,
        policy,
      ),
    ).toEqual({ sectionKey: null, countries: [], logoSvg: null, discountedPriceMinor: null, trialDays: null, supportUrl: null });
  });

  it('should accept the required locales and well-formed language codes, and refuse others', () => {
    expect(validateListing({ texts: [{ locale: 'en' }, { locale: 'pt-BR' }, { locale: 'kk' }] }, paid, policy).texts).toHaveLength(3);
    expect(problems({ texts: [{ locale: 'en' }, { locale: 'english' }, { locale: 'pt_br' }, { locale: '' }] })).toEqual([
      { field: 'texts.1.locale', message: '"english" is not a locale; use a code like en, ru or pt-BR' },
      { field: 'texts.2.locale', message: '"pt_br" is not a locale; use a code like en, ru or pt-BR' },
      { field: 'texts.3.locale', message: '"" is not a locale; use a code like en, ru or pt-BR' },
    ]);
  });

  it('should refuse a locale given twice', () => {
    expect(problems({ texts: [{ locale: 'en' }, { locale: 'ru' }, { locale: ' en' }] })).toEqual([
      { field: 'texts.2.locale', message: 'The locale en is given twice' },
    ]);
  });

  it('should limit each text, counting characters rather than UTF-16 units', () => {
    const ok = validateListing(
      { texts: [{ locale: 'en', name: '🦊'.repeat(120), description: 'd'.repeat(5000), installationGuide: 'g'.repeat(20_000) }] },
      paid,
      policy,
    );
    expect(ok.texts?.[0]?.name).toHaveLength(240);
    expect(
      problems({
        texts: [
          { locale: 'en', name: 'Fine' },
          { locale: 'ru', name: 'n'.repeat(121), description: 'd'.repeat(5001), installationGuide: 'g'.repeat(20_001) },
        ],
      }),
    ).toEqual([
      { field: 'texts.1.name', message: 'The name (ru) has 121 characters; the limit is 120' },
      { field: 'texts.1.description', message: 'The feature description (ru) has 5001 characters; the limit is 5000' },
      { field: 'texts.1.installationGuide', message: 'The installation description (ru) has 20001 characters; the limit is 20000' },
    ]);
  });

  it('should know the 249 ISO 3166-1 alpha-2 codes and nothing else', () => {
    expect(ISO_COUNTRIES.size).toBe(249);
    for (const code of ['RU', 'US', 'GB', 'AX', 'SS', 'BQ', 'CW', 'SX', 'AQ', 'BV', 'UM']) expect(ISO_COUNTRIES.has(code)).toBe(true);
    for (const code of ['UK', 'EU', 'XK', 'SU', 'AN', 'ZZ', 'AC']) expect(ISO_COUNTRIES.has(code)).toBe(false);
  });

  it('should refuse every country code that is not officially assigned, naming its position', () => {
    expect(problems({ countries: ['RU', 'UK', 'usa', 'XK', '', 'de'] })).toEqual([
      { field: 'countries.1', message: '"UK" is not an ISO 3166-1 alpha-2 country code' },
      { field: 'countries.2', message: '"usa" is not an ISO 3166-1 alpha-2 country code' },
      { field: 'countries.3', message: '"XK" is not an ISO 3166-1 alpha-2 country code' },
      { field: 'countries.4', message: '"" is not an ISO 3166-1 alpha-2 country code' },
    ]);
  });

  it('should refuse a logo that is not SVG under logoSvg', () => {
    expect(problems({ logoSvg: '<html><body>logo</body></html>' })).toEqual([
      { field: 'logoSvg', message: 'The logo is not SVG: its root element is <html>, not <svg>' },
    ]);
    expect(fields({ logoSvg: PNG_HEADER.toString('latin1') })).toEqual(['logoSvg']);
  });

  it('should take prices as whole numbers of minor units from 0 to 100 000 000', () => {
    expect(validateListing({ priceMinor: 100_000_000 }, paid, policy)).toEqual({ priceMinor: 100_000_000 });
    expect(validateListing({ priceMinor: 0 }, paid, policy)).toEqual({ priceMinor: 0 });
    for (const priceMinor of [-1, 9.99, 100_000_001, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(problems({ priceMinor })).toEqual([
        { field: 'priceMinor', message: 'The price must be a whole number of minor units from 0 to 100000000' },
      ]);
    }
    expect(problems({ priceMinor: null })).toEqual([{ field: 'priceMinor', message: 'Give a price; 0 means free' }]);
    expect(fields({ discountedPriceMinor: -5 })).toEqual(['discountedPriceMinor']);
    expect(fields({ discountedPriceMinor: 0.5 })).toEqual(['discountedPriceMinor']);
  });

  it('should keep the discounted price strictly below the effective price', () => {
    expect(validateListing({ discountedPriceMinor: 999 }, paid, policy)).toEqual({ discountedPriceMinor: 999 });
    expect(validateListing({ discountedPriceMinor: 0 }, paid, policy)).toEqual({ discountedPriceMinor: 0 });
    expect(problems({ discountedPriceMinor: 1000 })).toEqual([
      { field: 'discountedPriceMinor', message: 'The discounted price (1000) must be below the price (1000)' },
    ]);
    // Lowering the price under the stored discount names the discount, which has to change.
    expect(fields({ priceMinor: 500 }, { ...paid, discountedPriceMinor: 800 })).toEqual(['discountedPriceMinor']);
    expect(validateListing({ priceMinor: 500, discountedPriceMinor: 400 }, { ...paid, discountedPriceMinor: 800 }, policy)).toEqual({
      priceMinor: 500,
      discountedPriceMinor: 400,
    });
  });

  it('should take trial days as a whole number from 1 to 365, only on a paid app', () => {
    expect(validateListing({ trialDays: 1 }, paid, policy)).toEqual({ trialDays: 1 });
    expect(validateListing({ trialDays: 365 }, paid, policy)).toEqual({ trialDays: 365 });
    for (const trialDays of [0, 366, 7.5, -1]) {
      expect(problems({ trialDays })).toEqual([{ field: 'trialDays', message: 'The trial must be a whole number of days from 1 to 365' }]);
    }
    expect(problems({ trialDays: 14 }, free)).toEqual([
      { field: 'trialDays', message: 'A free app cannot have a trial; clear the trial days or set a price above 0' },
    ]);
    expect(validateListing({ priceMinor: 100, trialDays: 14 }, free, policy)).toEqual({ priceMinor: 100, trialDays: 14 });
  });

  it('should refuse making an app free while a trial or a discount remains, naming that field', () => {
    const withExtras: CurrentPricing = { priceMinor: 1000, discountedPriceMinor: 800, trialDays: 30 };
    expect(problems({ priceMinor: 0 }, withExtras)).toEqual([
      { field: 'discountedPriceMinor', message: 'A free app cannot have a discounted price; clear it or set a price above 0' },
      { field: 'trialDays', message: 'A free app cannot have a trial; clear the trial days or set a price above 0' },
    ]);
    expect(fields({ priceMinor: 0, discountedPriceMinor: null }, withExtras)).toEqual(['trialDays']);
    expect(validateListing({ priceMinor: 0, discountedPriceMinor: null, trialDays: null }, withExtras, policy)).toEqual({
      priceMinor: 0,
      discountedPriceMinor: null,
      trialDays: null,
    });
  });

  it('should not check stored pricing when the edit leaves pricing alone', () => {
    const broken: CurrentPricing = { priceMinor: 0, discountedPriceMinor: 50, trialDays: 7 };
    expect(validateListing({ currency: 'USD' }, broken, policy)).toEqual({ currency: 'USD' });
  });

  it('should take a currency from the policy only', () => {
    expect(validateListing({ currency: ' rub ' }, paid, policy)).toEqual({ currency: 'RUB' });
    expect(problems({ currency: 'GBP' })).toEqual([
      { field: 'currency', message: 'The currency GBP is not accepted; use one of USD, EUR, RUB' },
    ]);
    expect(problems({ currency: null })).toEqual([{ field: 'currency', message: 'Choose a currency' }]);
    expect(fields({ currency: '' })).toEqual(['currency']);
  });

  it('should take http(s) URLs up to 2000 characters, and read an empty one as none', () => {
    const long = `https://acme.example/${'a'.repeat(2000 - 'https://acme.example/'.length)}`;
    expect(validateListing({ supportUrl: long, documentationUrl: '  ' }, paid, policy)).toEqual({ supportUrl: long, documentationUrl: null });
    expect(problems({ supportUrl: `${long}b`, documentationUrl: 'ftp://acme.example/docs' })).toEqual([
      { field: 'supportUrl', message: 'The URL has 2001 characters; the limit is 2000' },
      { field: 'documentationUrl', message: 'Give an absolute http or https URL' },
    ]);
    for (const url of ['javascript:alert(1)', '/docs', 'acme.example', 'mailto:help@acme.example']) {
      expect(fields({ supportUrl: url })).toEqual(['supportUrl']);
    }
  });

  it('should report every problem at once', () => {
    expect(
      fields({
        texts: [{ locale: 'EN', name: 'x'.repeat(121) }],
        countries: ['RU', 'ZZ'],
        logoSvg: 'not a logo',
        priceMinor: -1,
        trialDays: 400,
        currency: 'XYZ',
        supportUrl: 'support',
        documentationUrl: 'https://acme.example/docs',
      }),
    ).toEqual(['texts.0.locale', 'texts.0.name', 'countries.1', 'logoSvg', 'priceMinor', 'trialDays', 'currency', 'supportUrl']);
  });

  it('should throw a ValidationError whose message lists each field', () => {
    expect(() => validateListing({ priceMinor: -1, currency: 'XYZ' }, paid, policy)).toThrow(
      /priceMinor: The price must be .*; currency: The currency XYZ is not accepted/,
    );
  });
});

describe('localizedListing', () => {
  const en = { locale: 'en', name: 'Acme Pay', description: 'Takes payments', installationGuide: 'Click connect' };
  const ru = { locale: 'ru', name: 'Акме', description: 'Принимает платежи', installationGuide: 'Нажмите' };

  it('should serve the requested locale when every text is filled there', () => {
    expect(localizedListing([en, ru], 'ru', 'en')).toEqual(ru);
  });

  it('should fall back field by field to the first required locale', () => {
    const de = { locale: 'de', name: 'Acme Zahlung', description: '', installationGuide: '  ' };
    expect(localizedListing([de, en, ru], 'de', 'en')).toEqual({
      locale: 'de',
      name: 'Acme Zahlung',
      description: 'Takes payments',
      installationGuide: 'Click connect',
    });
  });

  it('should take a text the fallback lacks from any locale that has it', () => {
    const sparseEn = { ...en, installationGuide: '' };
    expect(localizedListing([sparseEn, ru], 'fr', 'en')).toEqual({ ...en, installationGuide: 'Нажмите' });
  });

  it('should serve the fallback locale for an unknown locale, and nothing without texts', () => {
    expect(localizedListing([ru, en], 'fr', 'en')).toEqual(en);
    expect(localizedListing([ru, en], null, 'en')).toEqual(en);
    expect(localizedListing([], 'en', 'en')).toBeNull();
  });
});
