import { describe, expect, it } from 'vitest';
import { demo, ids, s, type AppFixture, type HistoryFixture } from '../server/src/db/demo-fixture.js';

// The fixture states each app twice, as it is now and as the history that led there: the compiler
// checks each event's payload, these tests check that the two tell the same story.

/** When an entry ends: answers and verdicts take one second an item. */
const endOf = (entry: HistoryFixture) => {
  const items = 'answers' in entry ? entry.answers : 'verdicts' in entry ? entry.verdicts : {};
  return entry.at - s(Math.max(Object.keys(items).length - 1, 0));
};
const events = (app: AppFixture, version?: string) =>
  app.history.flatMap((e) => ('type' in e && (version === undefined || e.version === version) ? [e] : []));

describe.each(demo.apps.map((app) => [app.code, app] as const))('the demo app %s', (code, app) => {
  it('should tell its history in order, ending no later than now', () => {
    const times = app.history.flatMap((e) => [e.at, endOf(e)]);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
    expect(app.history[0]).toMatchObject({ type: 'app.created', at: app.createdAt, payload: { code } });
    expect(endOf(app.history.at(-1)!)).toBe(app.updatedAt);
  });

  it('should be in the consultation and states its last events left it in', () => {
    let consultation: string | null = null;
    let partnerDisabled = false;
    let platformDisabled = false;
    for (const e of events(app)) {
      if (e.type === 'app.created') consultation = e.payload.consultation;
      if (e.type === 'app.consultation_requested' || e.type === 'app.consultation_decided') consultation = e.payload.consultation.new;
      if (e.type === 'app.partner_state_changed') partnerDisabled = e.payload.partnerDisabled.new === true;
      if (e.type === 'app.platform_disabled_changed') platformDisabled = e.payload.platformDisabled.new === true;
    }
    expect(consultation).toBe(app.consultation);
    expect(partnerDisabled).toBe(app.partnerDisabled ?? false);
    expect(platformDisabled).toBe(app.platformDisabled !== undefined);
    for (const e of events(app)) {
      if (e.type !== 'app.listing_updated') continue;
      for (const [field, change] of Object.entries(e.payload.changes)) {
        const [name, locale] = field.split('.') as [keyof AppFixture['texts']['en'], keyof AppFixture['texts']];
        expect(app.texts[locale][name]).toBe(change.new);
      }
    }
  });

  it.each(app.versions.map((v) => [v.version, v] as const))('should have version %s in the status and rounds its events give', (version, v) => {
    const history = events(app, version);
    expect(history[0]).toMatchObject({ type: 'version.created', at: v.createdAt });
    const statuses = history.flatMap((e) => (e.type.startsWith('version.') && 'status' in e.payload ? [e.payload.status.new] : []));
    expect(statuses.at(-1)).toBe(v.status);
    const submitted = history.filter((e) => e.type === 'version.submitted');
    expect(submitted.map((e) => e.at)).toEqual((v.rounds ?? []).map((r) => r.submittedAt));
    const ended = history.filter((e) => ['version.changes_requested', 'version.approved', 'version.rejected', 'version.withdrawn'].includes(e.type));
    expect(ended.map((e) => e.at)).toEqual((v.rounds ?? []).flatMap((r) => (r.endedAt === undefined ? [] : [r.endedAt])));
    // Checklist keys come from the section's template.
    const template = (demo.templates.find((t) => t.section === app.section) ?? demo.templates.find((t) => !t.section))!.items.map((i) => i.key);
    for (const entry of app.history) {
      if ('answers' in entry && entry.version === version) expect(template).toEqual(expect.arrayContaining(Object.keys(entry.answers)));
      if ('verdicts' in entry && entry.version === version) expect(template).toEqual(expect.arrayContaining(Object.keys(entry.verdicts)));
    }
    for (const scope of v.scopes) {
      const polling = demo.scopes.find((sc) => sc.key === scope.key)?.polling ?? false;
      expect({ scope: scope.key, interval: scope.pollingIntervalSeconds !== undefined }).toEqual({ scope: scope.key, interval: polling });
    }
  });

  it('should have the threads and comments its events opened and posted', () => {
    for (const v of app.versions) {
      const ref = `${code}@${v.version}` as const;
      const history = events(app, v.version);
      const threads = v.threads ?? [];
      expect(history.filter((e) => e.type === 'thread.opened').map((e) => [e.at, e.payload.threadId])).toEqual(
        threads.map((t, i) => [t.at, ids.thread(ref, i + 1)]),
      );
      expect(history.filter((e) => e.type === 'thread.comment_posted').map((e) => e.payload.commentId).sort()).toEqual(
        threads.flatMap((t, i) => t.comments.slice(1).map((_, j) => ids.comment(ref, i + 1, j + 2))).sort(),
      );
      expect(history.filter((e) => e.type === 'thread.resolved').map((e) => e.at).sort()).toEqual(
        threads.flatMap((t) => (t.resolvedAt === undefined ? [] : [t.resolvedAt])).sort(),
      );
    }
  });

  it('should have the installations its events connected, each allowed for its account', () => {
    const installations = app.installations ?? [];
    expect(events(app).filter((e) => e.type === 'installation.connected').map((e) => [e.at, e.payload.installationId])).toEqual(
      installations.map((i) => [i.connectedAt, ids.installation(code, i.account, i.n)]),
    );
    expect(events(app).filter((e) => e.type === 'installation.disconnected').map((e) => e.at)).toEqual(
      installations.flatMap((i) => (i.disconnectedAt === undefined ? [] : [i.disconnectedAt])),
    );
    for (const i of installations) {
      const account = demo.accounts[i.account];
      expect(app.countries).toContain(account.country);
      expect(account.apiVersion).toBeGreaterThanOrEqual(app.versions.find((v) => v.version === i.version)!.minApiVersion);
    }
  });
});

it('should number installations once across the marketplace', () => {
  const numbers = demo.apps.flatMap((a) => (a.installations ?? []).map((i) => i.n));
  expect([...numbers].sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i + 1));
});
