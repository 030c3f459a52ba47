import type { TestServer } from './server.js';

/**
 * A cheap summary of everything a mutation can change: row counts of the written tables, the
 * newest listing edit and the newest event. Equal before and after a refused call means it changed nothing.
 */
export async function databaseFingerprint(server: TestServer): Promise<string> {
  const db = server.prisma;
  const [apps, texts, versions, scopes, items, threads, comments, installations, events, lastApp, lastVersion, lastItem, lastEvent] = await Promise.all([
    db.app.count(),
    db.listingText.count(),
    db.appVersion.count(),
    db.requestedScope.count(),
    db.checklistItem.count({ where: { NOT: { answer: null } } }),
    db.thread.count(),
    db.comment.count(),
    db.installation.count({ where: { disconnectedAt: null } }),
    db.event.count(),
    db.app.aggregate({ _max: { updatedAt: true } }),
    db.appVersion.aggregate({ _max: { updatedAt: true } }),
    db.checklistItem.aggregate({ _max: { verdictAt: true, answeredAt: true } }),
    db.event.aggregate({ _max: { id: true } }),
  ]);
  return JSON.stringify({
    apps,
    texts,
    versions,
    scopes,
    items,
    threads,
    comments,
    installations,
    events,
    app: lastApp._max.updatedAt,
    version: lastVersion._max.updatedAt,
    item: lastItem._max,
    event: String(lastEvent._max.id),
  });
}
