import type { ChecklistAnswerKind } from '../generated/prisma/client.js';

/** One thing that must be filled before a version can be sent to moderation. */
export interface MissingItem {
  /** A stable path: `listing.name.ru`, `manifest.connection`, `checklist.test-account`, … */
  field: string;
  message: string;
}

/** The parts of an app's listing that submission requires. */
export interface ListingFacts {
  texts: { locale: string; name: string; description: string; installationGuide: string }[];
  sectionId: string | null;
  countries: string[];
  logoSvg: string | null;
  supportUrl: string | null;
  documentationUrl: string | null;
}

export interface SubmissionFacts {
  requiredLocales: string[];
  app: ListingFacts;
  version: {
    connectionUrl: string | null;
    simpleConnection: boolean;
    scopes: { scopeKey: string; justification: string; pollingIntervalSeconds: number | null; scope: { polling: boolean } }[];
    checklist: { key: string; label: string; mandatory: boolean; kind: ChecklistAnswerKind; answer: string | null }[];
  };
}

const TEXT_FIELDS = [
  ['name', 'Name'],
  ['description', 'Feature description'],
  ['installationGuide', 'Installation description'],
] as const;

/** What the listing still lacks before submission (`listing.…` fields); empty when complete. */
export function missingFromListing(requiredLocales: string[], app: ListingFacts): MissingItem[] {
  const missing: MissingItem[] = [];
  for (const locale of requiredLocales) {
    const text = app.texts.find((t) => t.locale === locale);
    for (const [field, label] of TEXT_FIELDS) {
      if (!text?.[field].trim()) missing.push({ field: `listing.${field}.${locale}`, message: `${label} (${locale}) is empty` });
    }
  }
  if (!app.sectionId) missing.push({ field: 'listing.section', message: 'Choose a section' });
  if (app.countries.length === 0) missing.push({ field: 'listing.countries', message: 'Choose at least one country' });
  if (!app.logoSvg) missing.push({ field: 'listing.logo', message: 'Upload an SVG logo' });
  if (!app.supportUrl) missing.push({ field: 'listing.supportUrl', message: 'Give the support page URL' });
  if (!app.documentationUrl) missing.push({ field: 'listing.documentationUrl', message: 'Give the documentation page URL' });
  return missing;
}

/** A mandatory confirmation is answered only by confirming it: "no" is not an answer to it. */
const isAnswered = (item: { mandatory: boolean; kind: ChecklistAnswerKind; answer: string | null }) =>
  item.kind === 'CONFIRMATION' && item.mandatory ? item.answer?.trim().toLowerCase() === 'yes' : Boolean(item.answer?.trim());

/** Everything a version and its listing still lack before submission; empty when complete. */
export function missingForSubmission({ requiredLocales, app, version }: SubmissionFacts): MissingItem[] {
  const missing = missingFromListing(requiredLocales, app);
  if (!version.connectionUrl) {
    missing.push(
      version.simpleConnection
        ? { field: 'manifest.connectionUrl', message: 'Give the configuration URL the marketplace sends the account and its new key to' }
        : { field: 'manifest.connection', message: 'Give the connection page URL or choose simple connection' },
    );
  }
  for (const scope of version.scopes) {
    if (!scope.justification.trim()) {
      missing.push({ field: `manifest.scopes.${scope.scopeKey}`, message: `Justify the access ${scope.scopeKey}` });
    }
    if (scope.scope.polling && !scope.pollingIntervalSeconds) {
      missing.push({ field: `manifest.scopes.${scope.scopeKey}.interval`, message: `Give the polling interval of ${scope.scopeKey}` });
    }
  }
  for (const item of version.checklist) {
    if (item.mandatory && !isAnswered(item)) {
      missing.push({
        field: `checklist.${item.key}`,
        message:
          item.kind === 'CONFIRMATION' && item.answer
            ? `Confirm the checklist item "${item.label}": it is mandatory, and "${item.answer}" does not confirm it`
            : `Answer the checklist item "${item.label}"`,
      });
    }
  }
  return missing;
}
