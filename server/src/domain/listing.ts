import { createRequire } from 'node:module';
import type { Config, DOMPurify } from 'dompurify';
import type { JSDOM } from 'jsdom';
import { ISO_COUNTRIES } from './countries.js';
import { Problems, isHttpUrl } from './validation.js';

// ---------------------------------------------------------------------------------------------
// The logo: SVG only, sanitised
// ---------------------------------------------------------------------------------------------

/** The largest logo accepted, in bytes of UTF-8. */
export const MAX_LOGO_BYTES = 100 * 1024;

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The namespace of the element jsdom's DOMParser returns for a document that is not well-formed. */
const PARSER_ERROR_NS = 'http://www.mozilla.org/newlayout/xml/parsererror.xml';

/** A `url(` whose target is not a local `#fragment` (quotes and spaces allowed before the `#`). */
const EXTERNAL_CSS_URL = /url\s*\(\s*(?!['"]?\s*#)/i;
/** Other CSS functions that fetch (their string arguments are URLs) or run code. */
const FETCHING_CSS_FUNCTION = /(?:image-set|image|cross-fade|element|image-rect|src|expression)\s*\(/i;

/**
 * Whether CSS (a `<style>` element, a `style` attribute or a presentation attribute such as
 * `fill`) references only local fragments: no external `url(…)`, no `@import`, no other fetching
 * function. Any backslash refuses it, since a CSS escape can spell `url(` or `@import` in disguise.
 */
function isLocalCss(css: string): boolean {
  return !css.includes('\\') && !/@import/i.test(css) && !EXTERNAL_CSS_URL.test(css) && !FETCHING_CSS_FUNCTION.test(css);
}

const isHrefAttribute = (name: string) => name === 'href' || name.endsWith(':href');

/** Elements that only exist to point at something; without a (local) reference they are dropped. */
const REFERENCING_ELEMENTS = new Set(['use', 'image', 'feimage', 'mpath', 'textpath', 'tref']);

const PURIFY_CONFIG = {
  USE_PROFILES: { svg: true, svgFilters: true },
  // `<use>` is common in exported logos; the href hook keeps it to local references.
  ADD_TAGS: ['use'],
  FORBID_TAGS: ['foreignObject', 'script'],
  RETURN_DOM: true,
} satisfies Config;

interface Sanitiser {
  window: JSDOM['window'];
  purify: DOMPurify;
  parser: DOMParser;
  serializer: XMLSerializer;
}

let sanitiser: Sanitiser | undefined;

/** The one jsdom window and DOMPurify instance, made on first use: building them is expensive. */
function getSanitiser(): Sanitiser {
  if (sanitiser) return sanitiser;
  // Loaded on first use, not at start-up: importing jsdom alone takes longer than the rest of the server.
  const require = createRequire(import.meta.url);
  const { JSDOM, VirtualConsole } = require('jsdom') as typeof import('jsdom');
  const createDOMPurify = require('dompurify') as typeof import('dompurify').default;
  // jsdom runs no scripts and loads no resources by default; a silent console keeps its CSS parser quiet.
  const { window } = new JSDOM('', { virtualConsole: new VirtualConsole() });
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

  purify.addHook('uponSanitizeElement', (node, event) => {
    if (event.tagName === 'style' && !isLocalCss(node.textContent ?? '')) (node as Element).remove();
  });
  purify.addHook('uponSanitizeAttribute', (_node, event) => {
    const name = event.attrName;
    if (name.startsWith('on')) event.keepAttr = false;
    // Only local fragments: no http(s), data: or javascript: target, so nothing is fetched or run.
    else if (isHrefAttribute(name)) event.keepAttr = event.attrValue.startsWith('#');
    // Presentation attributes are parsed as CSS too (`fill="url(…)"`), so every value is checked.
    else if (!isLocalCss(event.attrValue)) event.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const hasReference = [...node.attributes].some((attr) => isHrefAttribute(attr.name.toLowerCase()));
    if (REFERENCING_ELEMENTS.has(node.localName.toLowerCase()) && !hasReference) node.remove();
  });

  sanitiser = { window, purify, parser: new window.DOMParser(), serializer: new window.XMLSerializer() };
  return sanitiser;
}

const refuse = (message: string) => ({ ok: false as const, message });

/** Elements that draw (SVG 2's graphics elements, less foreignObject, which is never kept). */
const GRAPHICS_ELEMENTS = new Set(['circle', 'ellipse', 'image', 'line', 'path', 'polygon', 'polyline', 'rect', 'text', 'use']);
/** Containers whose content is drawn only where something references it. */
const NEVER_RENDERED = new Set(['defs', 'symbol', 'clippath', 'mask', 'pattern', 'marker', 'lineargradient', 'radialgradient', 'filter']);

/** Whether a sanitised `<svg>` still draws something: a graphics element outside definitions. */
function drawsSomething(svg: Element): boolean {
  const visit = (element: Element): boolean =>
    [...element.children].some((child) => {
      const name = child.localName.toLowerCase();
      if (NEVER_RENDERED.has(name)) return false;
      return GRAPHICS_ELEMENTS.has(name) || visit(child);
    });
  return visit(svg);
}

/**
 * The same tree with every SVG element unprefixed (`<s:rect>` → `<rect>` in the default SVG
 * namespace); the root itself when no element has a prefix. Namespace declarations of the SVG
 * namespace are dropped with the prefixes; other attributes keep their namespaces.
 */
function withoutSvgPrefixes(root: Element): Element {
  const doc = root.ownerDocument;
  const prefixed = [root, ...root.getElementsByTagNameNS(SVG_NS, '*')].some((el) => el.namespaceURI === SVG_NS && el.prefix);
  if (!prefixed) return root;
  const XMLNS = 'http://www.w3.org/2000/xmlns/';
  const copy = (node: Node): Node => {
    if (node.nodeType !== node.ELEMENT_NODE) return node.cloneNode(true);
    const element = node as Element;
    if (element.namespaceURI !== SVG_NS) return element.cloneNode(true);
    const unprefixed = doc.createElementNS(SVG_NS, element.localName);
    for (const attr of element.attributes) {
      if (attr.namespaceURI === XMLNS && attr.value === SVG_NS) continue;
      unprefixed.setAttributeNS(attr.namespaceURI, attr.name, attr.value);
    }
    for (const child of element.childNodes) unprefixed.appendChild(copy(child));
    return unprefixed;
  };
  const unprefixed = copy(root) as Element;
  doc.replaceChild(unprefixed, root);
  return unprefixed;
}

/**
 * Checks that `input` is an SVG document and sanitises it with DOMPurify's SVG profile.
 *
 * The input must be well-formed XML whose root is an `svg` element of the SVG namespace
 * (`<svg xmlns="http://www.w3.org/2000/svg">`, or prefixed: `<s:svg xmlns:s="…">`), at most
 * {@link MAX_LOGO_BYTES}, and still draw something (a shape, text or image outside `<defs>`) once
 * sanitised. The result has no scripts, no event handlers, no
 * `<foreignObject>`, and no reference outside the document: `href`/`xlink:href` only to a local
 * `#fragment` (so no `javascript:` or `data:` URL), CSS `url(…)` only to a `#fragment`, no
 * `@import`. It is serialised as XML, without namespace prefixes on its SVG elements, and starts
 * with `<svg`.
 */
export function sanitizeSvg(input: string): { ok: true; svg: string } | { ok: false; message: string } {
  const bytes = Buffer.byteLength(input, 'utf8');
  if (bytes > MAX_LOGO_BYTES) {
    return refuse(`The logo is ${Math.ceil(bytes / 1024)} KB; the limit is ${MAX_LOGO_BYTES / 1024} KB`);
  }
  const text = input.replace(/^\uFEFF/, '').trim();
  if (!text) return refuse('The logo is empty; upload an SVG file');
  if (text.startsWith('\u0089PNG') || text.startsWith('\uFFFDPNG')) {
    return refuse('The logo is a PNG image; only SVG is accepted');
  }

  const { window, purify, parser, serializer } = getSanitiser();
  const root = parser.parseFromString(text, 'image/svg+xml').documentElement;
  if (root.namespaceURI === PARSER_ERROR_NS) {
    return refuse('The logo is not SVG: it is not a well-formed XML document with an <svg> root element');
  }
  if (root.localName !== 'svg') return refuse(`The logo is not SVG: its root element is <${root.localName}>, not <svg>`);
  if (root.namespaceURI !== SVG_NS) {
    return refuse(`The logo is not SVG: its <svg> root element needs xmlns="${SVG_NS}"`);
  }

  // DOMPurify matches element names as written, so `<s:svg xmlns:s="…">` would lose every element.
  const svgRoot = withoutSvgPrefixes(root);

  // DOMPurify imports the tree into an HTML document, which cannot hold CDATA sections
  // (`<style><![CDATA[…]]></style>` is common in exported SVG); as text they mean the same.
  const cdata = svgRoot.ownerDocument.createNodeIterator(svgRoot, window.NodeFilter.SHOW_CDATA_SECTION);
  const sections: Node[] = [];
  for (let node = cdata.nextNode(); node; node = cdata.nextNode()) sections.push(node);
  for (const node of sections) node.parentNode?.replaceChild(svgRoot.ownerDocument.createTextNode(node.nodeValue ?? ''), node);

  try {
    const svg = (purify.sanitize(svgRoot, PURIFY_CONFIG) as Element).firstElementChild;
    if (svg?.localName === 'svg' && svg.namespaceURI === SVG_NS) {
      if (!drawsSomething(svg)) {
        return refuse(
          'The logo draws nothing once scripts, handlers and external references are removed: it needs a shape, text or image of its own',
        );
      }
      return { ok: true, svg: serializer.serializeToString(svg) };
    }
  } catch (error) {
    // The DOM refused the tree (e.g. nesting too deep to copy): refuse the logo, not the request.
    if (error instanceof window.DOMException || error instanceof RangeError) {
      return refuse('The logo could not be read as SVG; export it again as plain SVG');
    }
    throw error;
  }
  return refuse('The logo is not SVG: nothing of its <svg> root survived sanitising');
}

// ---------------------------------------------------------------------------------------------
// The listing fields
// ---------------------------------------------------------------------------------------------

/** The most characters (Unicode code points) each localised text may have. */
export const TEXT_LIMITS = { name: 120, description: 5000, installationGuide: 20_000 } as const;
/** The highest price or discounted price, in minor units. */
export const MAX_PRICE_MINOR = 100_000_000;
export const MAX_TRIAL_DAYS = 365;
export const MAX_URL_LENGTH = 2000;
/** A language with an optional region: `en`, `ru`, `pt-BR`. */
export const LOCALE_CODE = /^[a-z]{2}(-[A-Z]{2})?$/;

type TextField = keyof typeof TEXT_LIMITS;
const TEXT_FIELDS: { field: TextField; label: string }[] = [
  { field: 'name', label: 'The name' },
  { field: 'description', label: 'The feature description' },
  { field: 'installationGuide', label: 'The installation description' },
];

/** One locale's texts; an absent field is left as it is, `null` clears it. */
export interface ListingTextInput {
  locale: string;
  name?: string | null;
  description?: string | null;
  installationGuide?: string | null;
}

/** A listing edit: only the keys present change. */
export interface ListingInput {
  texts?: ListingTextInput[];
  /** The section's key; whether it exists is the caller's to check. */
  sectionKey?: string | null;
  /** ISO 3166-1 alpha-2 codes; `null` clears the list. */
  countries?: string[] | null;
  /** SVG markup; `null` removes the logo. */
  logoSvg?: string | null;
  /** Monthly price in minor units (cents); 0 is free. */
  priceMinor?: number | null;
  discountedPriceMinor?: number | null;
  trialDays?: number | null;
  currency?: string | null;
  /** An http(s) URL; an empty string clears it. */
  supportUrl?: string | null;
  /** An http(s) URL; an empty string clears it. */
  documentationUrl?: string | null;
}

/** The validated edit, ready to store; keys absent from the input are absent here too. */
export interface NormalizedListing {
  /** Trimmed; a cleared text is the empty string (listing texts are never null). */
  texts?: { locale: string; name?: string; description?: string; installationGuide?: string }[];
  sectionKey?: string | null;
  /** Upper-cased, without duplicates, sorted. */
  countries?: string[];
  /** Sanitised SVG, or null to remove the logo. */
  logoSvg?: string | null;
  priceMinor?: number;
  discountedPriceMinor?: number | null;
  trialDays?: number | null;
  /** Upper-cased. */
  currency?: string;
  supportUrl?: string | null;
  documentationUrl?: string | null;
}

/** The pricing stored now, which the edit is merged over before the pricing rules are checked. */
export interface CurrentPricing {
  priceMinor: number;
  discountedPriceMinor: number | null;
  trialDays: number | null;
}

/** The parts of the marketplace policy the listing rules read. */
export interface ListingPolicy {
  requiredLocales: string[];
  currencies: string[];
}

const charCount = (value: string) => [...value].length;
const isAmount = (value: number) => Number.isInteger(value) && value >= 0 && value <= MAX_PRICE_MINOR;
const amountRule = `a whole number of minor units from 0 to ${MAX_PRICE_MINOR}`;

/**
 * Validates a listing edit and returns its normalised values.
 *
 * A locale is accepted when it is one of the policy's required locales or any code like `en` or
 * `pt-BR` ({@link LOCALE_CODE}): partners may add languages beyond the required ones. The pricing
 * rules apply to the effective values (the edit merged over `current`) and only when the edit
 * touches pricing, so an unrelated edit never fails on stored pricing. A conflict is reported on
 * the field that has to change: a trial or discount left on a price of 0 names `trialDays` or
 * `discountedPriceMinor`.
 *
 * @throws ValidationError with every problem at once, each naming its field (`texts.1.name`,
 *   `countries.2`, `priceMinor`, `logoSvg`, …).
 */
export function validateListing(input: ListingInput, current: CurrentPricing, policy: ListingPolicy): NormalizedListing {
  const problems = new Problems();
  const result = checkListing(input, current, policy, problems);
  problems.throwIfAny();
  return result;
}

/**
 * {@link validateListing} that adds its problems to `problems` instead of throwing, so a caller
 * can add the ones only it can see (an unknown section, a required field removed) and report all
 * of them at once. The result is meant to be stored only when no problem was added.
 */
export function checkListing(input: ListingInput, current: CurrentPricing, policy: ListingPolicy, problems: Problems): NormalizedListing {
  const result: NormalizedListing = {};

  if (input.texts !== undefined) result.texts = normalizeTexts(input.texts, policy, problems);
  if (input.sectionKey !== undefined) result.sectionKey = input.sectionKey?.trim() || null;
  if (input.countries !== undefined) result.countries = normalizeCountries(input.countries ?? [], problems);

  if (input.logoSvg === null) result.logoSvg = null;
  else if (input.logoSvg !== undefined) {
    const logo = sanitizeSvg(input.logoSvg);
    if (logo.ok) result.logoSvg = logo.svg;
    else problems.add('logoSvg', logo.message);
  }

  normalizePricing(input, current, problems, result);

  if (input.currency !== undefined) {
    const currency = input.currency?.trim().toUpperCase() ?? '';
    if (!currency) problems.add('currency', 'Choose a currency');
    else if (!policy.currencies.includes(currency)) {
      problems.add('currency', `The currency ${currency} is not accepted; use one of ${policy.currencies.join(', ')}`);
    } else result.currency = currency;
  }

  if (input.supportUrl !== undefined) result.supportUrl = normalizeUrl(input.supportUrl, 'supportUrl', problems);
  if (input.documentationUrl !== undefined) {
    result.documentationUrl = normalizeUrl(input.documentationUrl, 'documentationUrl', problems);
  }
  return result;
}

function normalizeTexts(texts: ListingTextInput[], policy: ListingPolicy, problems: Problems) {
  const seen = new Set<string>();
  return texts.map((text, i) => {
    const locale = text.locale.trim();
    if (!policy.requiredLocales.includes(locale) && !LOCALE_CODE.test(locale)) {
      problems.add(`texts.${i}.locale`, `"${locale}" is not a locale; use a code like en, ru or pt-BR`);
    } else if (seen.has(locale)) {
      problems.add(`texts.${i}.locale`, `The locale ${locale} is given twice`);
    }
    seen.add(locale);

    const normalized: NonNullable<NormalizedListing['texts']>[number] = { locale };
    for (const { field, label } of TEXT_FIELDS) {
      const value = text[field];
      if (value === undefined) continue;
      const trimmed = value?.trim() ?? '';
      const length = charCount(trimmed);
      if (length > TEXT_LIMITS[field]) {
        problems.add(`texts.${i}.${field}`, `${label} (${locale}) has ${length} characters; the limit is ${TEXT_LIMITS[field]}`);
      }
      normalized[field] = trimmed;
    }
    return normalized;
  });
}

function normalizeCountries(countries: string[], problems: Problems) {
  const codes = new Set<string>();
  countries.forEach((country, i) => {
    const code = country.trim().toUpperCase();
    if (ISO_COUNTRIES.has(code)) codes.add(code);
    else problems.add(`countries.${i}`, `"${country}" is not an ISO 3166-1 alpha-2 country code`);
  });
  return [...codes].sort();
}

function normalizePricing(input: ListingInput, current: CurrentPricing, problems: Problems, result: NormalizedListing) {
  const { priceMinor, discountedPriceMinor, trialDays } = input;
  if (priceMinor === undefined && discountedPriceMinor === undefined && trialDays === undefined) return;
  // A value that breaks its own rule is reported once, not again by the rules that combine it.
  let valid = true;

  if (priceMinor === null) {
    problems.add('priceMinor', 'Give a price; 0 means free');
    valid = false;
  } else if (priceMinor !== undefined) {
    if (isAmount(priceMinor)) result.priceMinor = priceMinor;
    else {
      problems.add('priceMinor', `The price must be ${amountRule}`);
      valid = false;
    }
  }

  if (discountedPriceMinor !== undefined) {
    if (discountedPriceMinor === null || isAmount(discountedPriceMinor)) result.discountedPriceMinor = discountedPriceMinor;
    else {
      problems.add('discountedPriceMinor', `The discounted price must be ${amountRule}`);
      valid = false;
    }
  }

  if (trialDays !== undefined) {
    if (trialDays === null || (Number.isInteger(trialDays) && trialDays >= 1 && trialDays <= MAX_TRIAL_DAYS)) {
      result.trialDays = trialDays;
    } else {
      problems.add('trialDays', `The trial must be a whole number of days from 1 to ${MAX_TRIAL_DAYS}`);
      valid = false;
    }
  }

  if (!valid) return;
  const price = priceMinor ?? current.priceMinor;
  const discount = discountedPriceMinor === undefined ? current.discountedPriceMinor : discountedPriceMinor;
  const trial = trialDays === undefined ? current.trialDays : trialDays;
  if (discount !== null && discount >= price) {
    problems.add(
      'discountedPriceMinor',
      price === 0
        ? 'A free app cannot have a discounted price; clear it or set a price above 0'
        : `The discounted price (${discount}) must be below the price (${price})`,
    );
  }
  if (trial !== null && price === 0) {
    problems.add('trialDays', 'A free app cannot have a trial; clear the trial days or set a price above 0');
  }
}

function normalizeUrl(value: string | null, field: 'supportUrl' | 'documentationUrl', problems: Problems) {
  const url = value?.trim() ?? '';
  if (!url) return null;
  if (url.length > MAX_URL_LENGTH) problems.add(field, `The URL has ${url.length} characters; the limit is ${MAX_URL_LENGTH}`);
  else if (!isHttpUrl(url)) problems.add(field, 'Give an absolute http or https URL');
  return url;
}
