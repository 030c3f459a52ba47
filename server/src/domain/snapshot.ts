import type { Tx } from '../db/client.js';

/** What a review round froze: the listing, the manifest and the checklist answers as submitted. */
export interface RoundSnapshot {
  listing: {
    texts: Record<string, { name: string; description: string; installationGuide: string }>;
    sectionKey: string | null;
    countries: string[];
    logoSvg: string | null;
    priceMinor: number;
    discountedPriceMinor: number | null;
    trialDays: number | null;
    currency: string;
    supportUrl: string | null;
    documentationUrl: string | null;
  };
  manifest: {
    version: string;
    changelog: string;
    minApiVersion: number;
    connectionUrl: string | null;
    simpleConnection: boolean;
    scopes: { key: string; justification: string; pollingIntervalSeconds: number | null }[];
  };
  checklist: { key: string; label: string; mandatory: boolean; answer: string | null }[];
}

/** Reads what a version and its app look like now, in the shape a review round keeps. */
export async function takeSnapshot(tx: Tx, versionId: string): Promise<RoundSnapshot> {
  const version = await tx.appVersion.findUniqueOrThrow({
    where: { id: versionId },
    include: {
      scopes: { orderBy: { scopeKey: 'asc' } },
      checklist: { orderBy: { position: 'asc' } },
      app: { include: { texts: { orderBy: { locale: 'asc' } }, section: true } },
    },
  });
  const { app } = version;
  return {
    listing: {
      texts: Object.fromEntries(
        app.texts.map((t) => [t.locale, { name: t.name, description: t.description, installationGuide: t.installationGuide }]),
      ),
      sectionKey: app.section?.key ?? null,
      countries: [...app.countries].sort(),
      logoSvg: app.logoSvg,
      priceMinor: app.priceMinor,
      discountedPriceMinor: app.discountedPriceMinor,
      trialDays: app.trialDays,
      currency: app.currency,
      supportUrl: app.supportUrl,
      documentationUrl: app.documentationUrl,
    },
    manifest: {
      version: version.version,
      changelog: version.changelog,
      minApiVersion: version.minApiVersion,
      connectionUrl: version.connectionUrl,
      simpleConnection: version.simpleConnection,
      scopes: version.scopes.map((s) => ({
        key: s.scopeKey,
        justification: s.justification,
        pollingIntervalSeconds: s.pollingIntervalSeconds,
      })),
    },
    checklist: version.checklist.map((item) => ({
      key: item.key,
      label: item.label,
      mandatory: item.mandatory,
      answer: item.answer,
    })),
  };
}
