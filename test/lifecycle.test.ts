import { describe, expect, it } from 'vitest';
import type { Viewer } from '../server/src/auth/viewer.js';
import { missingForSubmission, type MissingItem, type SubmissionFacts } from '../server/src/domain/completeness.js';
import {
  THREAD_ACTIONS,
  VERSION_ACTIONS,
  actorFor,
  appRefusals,
  type AppFactsForRules,
  refusals,
  reviewTurn,
  reviewerOnResubmission,
  threadRefusals,
  whoseTurn,
  type Actor,
  type Reason,
  type ReasonCode,
  type ThreadAction,
  type Turn,
  type VersionAction,
  type VersionFacts,
} from '../server/src/domain/lifecycle.js';
import {
  appStage,
  isAvailable,
  partnerState,
  platformState,
  type AppFacts,
  type AppStage,
  type StateFlag,
} from '../server/src/domain/states.js';
import type { ConsultationStatus, VersionStatus } from '../server/src/generated/prisma/client.js';

// The lifecycle rules as pure functions. Every expectation below is written out from the domain
// (/work/shared/DOMAIN.md), never read back from the table under test.

const PARTNER_ID = 'partner-acme';
const OTHER_PARTNER_ID = 'partner-globex';

const user = (id: string, staffRole: 'REVIEWER' | 'ADMIN' | null, partnerIds: string[] = []): Viewer => ({
  kind: 'user',
  id,
  sessionId: `session-${id}`,
  staffRole,
  account: null,
  memberships: new Map(partnerIds.map((partnerId) => [partnerId, 'MEMBER' as const])),
});

const VIEWERS = {
  'partner member': user('u-anna', null, [PARTNER_ID]),
  'other partner member': user('u-boris', null, [OTHER_PARTNER_ID]),
  reviewer: user('u-rita', 'REVIEWER'),
  admin: user('u-ivan', 'ADMIN'),
  anonymous: { kind: 'anonymous' },
  'catalog key': { kind: 'catalogKey', keyId: 'key-catalog' },
  'account key': { kind: 'accountKey', keyId: 'key-account', accountId: 'account-1', account: { country: 'US', apiVersion: 5 } },
} as const satisfies Record<string, Viewer>;

type ActorName = keyof typeof VIEWERS;
const ACTOR_NAMES = Object.keys(VIEWERS) as ActorName[];

const partner = VIEWERS['partner member'];
const reviewer = VIEWERS.reviewer;
const admin = VIEWERS.admin;
const otherReviewer = user('u-oleg', 'REVIEWER');

const STATUSES: VersionStatus[] = [
  'DRAFT',
  'SUBMITTED',
  'IN_REVIEW',
  'CHANGES_REQUESTED',
  'APPROVED',
  'LIVE',
  'SUPERSEDED',
  'WITHDRAWN',
  'REJECTED',
];

const idOf = (viewer: Viewer) => (viewer.kind === 'user' ? viewer.id : null);
const codes = (reasons: Reason[]): ReasonCode[] => reasons.map((reason) => reason.code);

/** Facts of a version of the partner's live app; every guard passes unless overridden. */
function facts(overrides: Partial<VersionFacts> = {}): VersionFacts {
  return {
    status: 'IN_REVIEW',
    assigneeId: null,
    app: { partnerId: PARTNER_ID, deletedAt: null },
    openThreads: [],
    failedItems: [],
    missing: () => [],
    ...overrides,
  };
}

describe('actorFor', () => {
  it.each<[ActorName, Actor | null]>([
    ['partner member', 'PARTNER'],
    ['other partner member', null],
    ['reviewer', 'REVIEWER'],
    ['admin', 'ADMIN'],
    ['anonymous', null],
    ['catalog key', null],
    ['account key', null],
  ])('should see the %s as %s', (name, actor) => {
    expect(actorFor(VIEWERS[name], PARTNER_ID)).toBe(actor);
  });

  it('should see staff who are also partner members as staff', () => {
    expect(actorFor(user('u-mixed', 'ADMIN', [PARTNER_ID]), PARTNER_ID)).toBe('ADMIN');
    expect(actorFor(user('u-mixed', 'REVIEWER', [PARTNER_ID]), PARTNER_ID)).toBe('REVIEWER');
  });
});

describe('the version lifecycle table', () => {
  const EDITABLE: VersionStatus[] = ['DRAFT', 'CHANGES_REQUESTED'];
  const AWAITING: VersionStatus[] = ['SUBMITTED', 'IN_REVIEW'];

  /** Who may take each action, from which statuses: the domain, written out by hand. */
  const ALLOWED: Record<VersionAction, Partial<Record<ActorName, VersionStatus[]>>> = {
    update: { 'partner member': EDITABLE },
    answer: { 'partner member': EDITABLE },
    submit: { 'partner member': EDITABLE },
    // An approved version the partner never releases must not hold the app's one in-flight slot.
    withdraw: { 'partner member': [...AWAITING, 'APPROVED'] },
    claim: { reviewer: AWAITING, admin: AWAITING },
    assign: { admin: AWAITING },
    setVerdict: { reviewer: ['IN_REVIEW'], admin: ['IN_REVIEW'] },
    openThread: { reviewer: AWAITING, admin: AWAITING },
    requestChanges: { reviewer: ['IN_REVIEW'], admin: ['IN_REVIEW'] },
    approve: { reviewer: ['IN_REVIEW'], admin: ['IN_REVIEW'] },
    reject: { reviewer: ['IN_REVIEW'], admin: ['IN_REVIEW'] },
    release: { 'partner member': ['APPROVED'] },
  };

  /** Where each action leads (null: the status stays). */
  const LEADS_TO: Record<VersionAction, VersionStatus | null> = {
    update: null,
    answer: null,
    submit: 'SUBMITTED',
    withdraw: 'WITHDRAWN',
    claim: 'IN_REVIEW',
    assign: 'IN_REVIEW',
    setVerdict: null,
    openThread: null,
    requestChanges: 'CHANGES_REQUESTED',
    approve: 'APPROVED',
    reject: 'REJECTED',
    release: 'LIVE',
  };

  const ACTIONS = Object.keys(ALLOWED) as VersionAction[];

  /** Facts whose guards all pass for this viewer taking this action. */
  const passingFacts = (action: VersionAction, status: VersionStatus, viewer: Viewer) =>
    facts({
      status,
      // Claiming wants the review unclaimed (a claim of one's own while IN_REVIEW is ALREADY_CLAIMED);
      // deciding wants it claimed by the viewer.
      assigneeId: action === 'claim' ? null : idOf(viewer),
      // A non-blocking open thread lets requestChanges through and does not stop approve.
      openThreads: [{ blocking: false }],
    });

  const rows = ACTIONS.flatMap((action) =>
    STATUSES.flatMap((status) =>
      ACTOR_NAMES.map((actor) => {
        const statuses = ALLOWED[action][actor];
        const expected: ReasonCode[] = !statuses ? ['FORBIDDEN'] : statuses.includes(status) ? [] : ['WRONG_STATUS'];
        const outcome = expected.length ? `refuse with ${expected.join(', ')}` : 'allow';
        return { action, status, actor, expected, outcome };
      }),
    ),
  );

  it('should have exactly the actions the domain names', () => {
    expect(Object.keys(VERSION_ACTIONS).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(ACTIONS)('should lead %s to the status the domain names', (action) => {
    expect(VERSION_ACTIONS[action].to).toBe(LEADS_TO[action]);
  });

  it('should walk every action for every status and every actor', () => {
    expect(rows).toHaveLength(ACTIONS.length * STATUSES.length * ACTOR_NAMES.length);
  });

  it.each(rows)('should $outcome: $action by the $actor on a $status version', ({ action, status, actor, expected }) => {
    const viewer = VIEWERS[actor];
    expect(codes(refusals(action, passingFacts(action, status, viewer), viewer))).toEqual(expected);
  });

  it('should refuse a wrong actor with FORBIDDEN alone, before the status and the guards', () => {
    const hopeless = facts({
      status: 'LIVE',
      assigneeId: 'u-someone',
      app: { partnerId: PARTNER_ID, deletedAt: new Date() },
      openThreads: [{ blocking: true }],
      failedItems: ['connects'],
      missing: () => [{ field: 'listing.logo', message: 'Upload an SVG logo' }],
    });
    for (const action of ACTIONS) {
      const reasons = refusals(action, hopeless, VIEWERS.anonymous);
      expect(codes(reasons)).toEqual(['FORBIDDEN']);
      expect(reasons[0]?.message).toMatch(/^Only /);
    }
  });

  it('should refuse a wrong status with WRONG_STATUS alone, before the guards', () => {
    const reasons = refusals(
      'approve',
      facts({ status: 'SUBMITTED', openThreads: [{ blocking: true }], failedItems: ['connects'] }),
      reviewer,
    );
    expect(codes(reasons)).toEqual(['WRONG_STATUS']);
    expect(reasons[0]?.message).toContain('while the version is submitted');
  });
});

describe('the guards', () => {
  describe('submit', () => {
    const missing: MissingItem[] = [
      { field: 'listing.name.ru', message: 'Name (ru) is empty' },
      { field: 'checklist.test-account', message: 'Answer the checklist item "Test account"' },
    ];

    it.each<VersionStatus>(['DRAFT', 'CHANGES_REQUESTED'])(
      'should refuse an incomplete %s version with INCOMPLETE carrying the missing list',
      (status) => {
        const reasons = refusals('submit', facts({ status, missing: () => missing }), partner);
        expect(reasons).toHaveLength(1);
        expect(reasons[0]).toMatchObject({ code: 'INCOMPLETE', missing });
      },
    );

    it('should allow a complete version', () => {
      expect(refusals('submit', facts({ status: 'DRAFT' }), partner)).toEqual([]);
    });

    it('should not compute what is missing for other actions or when refused before the guards', () => {
      let computed = 0;
      const counting = (status: VersionStatus) =>
        facts({
          status,
          missing: () => {
            computed += 1;
            return [];
          },
        });
      refusals('update', counting('DRAFT'), partner);
      refusals('submit', counting('DRAFT'), VIEWERS['other partner member']);
      refusals('submit', counting('LIVE'), partner);
      expect(computed).toBe(0);
      refusals('submit', counting('DRAFT'), partner);
      expect(computed).toBe(1);
    });
  });

  describe('claim', () => {
    it.each([
      ['reviewer', reviewer],
      ['admin', admin],
    ] as const)('should refuse the %s a review claimed by another with CLAIMED_BY_ANOTHER', (_, viewer) => {
      for (const status of ['SUBMITTED', 'IN_REVIEW'] as const) {
        expect(codes(refusals('claim', facts({ status, assigneeId: idOf(otherReviewer) }), viewer))).toEqual([
          'CLAIMED_BY_ANOTHER',
        ]);
      }
    });

    it('should refuse the reviewer its own claim while IN_REVIEW with ALREADY_CLAIMED', () => {
      expect(codes(refusals('claim', facts({ status: 'IN_REVIEW', assigneeId: idOf(reviewer) }), reviewer))).toEqual([
        'ALREADY_CLAIMED',
      ]);
    });

    it('should let the reviewer claim again a resubmitted version that kept it as assignee', () => {
      expect(refusals('claim', facts({ status: 'SUBMITTED', assigneeId: idOf(reviewer) }), reviewer)).toEqual([]);
    });

    it.each<VersionStatus>(['SUBMITTED', 'IN_REVIEW'])('should allow claiming an unclaimed %s version', (status) => {
      expect(refusals('claim', facts({ status, assigneeId: null }), reviewer)).toEqual([]);
    });
  });

  describe('decisions', () => {
    const DECISIONS = ['setVerdict', 'requestChanges', 'approve', 'reject'] as const;
    // One non-blocking open thread, so only the claim is in question.
    const base = { status: 'IN_REVIEW', openThreads: [{ blocking: false }] } satisfies Partial<VersionFacts>;

    it.each(DECISIONS)('should refuse %s on an unclaimed review with NOT_CLAIMED', (action) => {
      expect(codes(refusals(action, facts({ ...base, assigneeId: null }), reviewer))).toEqual(['NOT_CLAIMED']);
    });

    it.each(DECISIONS)('should refuse %s on a review claimed by another with CLAIMED_BY_ANOTHER', (action) => {
      expect(codes(refusals(action, facts({ ...base, assigneeId: idOf(otherReviewer) }), reviewer))).toEqual([
        'CLAIMED_BY_ANOTHER',
      ]);
      expect(codes(refusals(action, facts({ ...base, assigneeId: idOf(otherReviewer) }), admin))).toEqual([
        'CLAIMED_BY_ANOTHER',
      ]);
    });

    it.each(DECISIONS)('should allow %s by the assignee', (action) => {
      expect(refusals(action, facts({ ...base, assigneeId: idOf(reviewer) }), reviewer)).toEqual([]);
    });
  });

  describe('requestChanges', () => {
    const claimed = { status: 'IN_REVIEW', assigneeId: idOf(reviewer) } as const;

    it('should refuse with NO_OPEN_THREAD when no thread is open', () => {
      expect(codes(refusals('requestChanges', facts({ ...claimed, openThreads: [] }), reviewer))).toEqual([
        'NO_OPEN_THREAD',
      ]);
    });

    it.each([true, false])('should allow with one open thread (blocking: %s)', (blocking) => {
      expect(refusals('requestChanges', facts({ ...claimed, openThreads: [{ blocking }] }), reviewer)).toEqual([]);
    });

    it('should give every refusal at once, in order', () => {
      expect(codes(refusals('requestChanges', facts({ status: 'IN_REVIEW', openThreads: [] }), reviewer))).toEqual([
        'NOT_CLAIMED',
        'NO_OPEN_THREAD',
      ]);
    });
  });

  describe('approve', () => {
    const claimed = { status: 'IN_REVIEW', assigneeId: idOf(reviewer) } as const;

    it('should refuse with OPEN_BLOCKING_THREADS while a blocking thread is open', () => {
      const reasons = refusals('approve', facts({ ...claimed, openThreads: [{ blocking: false }, { blocking: true }] }), reviewer);
      expect(codes(reasons)).toEqual(['OPEN_BLOCKING_THREADS']);
    });

    it('should not be blocked by a non-blocking open thread', () => {
      expect(refusals('approve', facts({ ...claimed, openThreads: [{ blocking: false }] }), reviewer)).toEqual([]);
    });

    it('should refuse with FAILED_ITEMS while a checklist item has a FAIL verdict', () => {
      const reasons = refusals('approve', facts({ ...claimed, failedItems: ['connects', 'test-account'] }), reviewer);
      expect(codes(reasons)).toEqual(['FAILED_ITEMS']);
      expect(reasons[0]?.message).toContain('connects');
      expect(reasons[0]?.message).toContain('test-account');
    });

    it('should give both reasons, blocking threads first', () => {
      const both = facts({ ...claimed, openThreads: [{ blocking: true }], failedItems: ['connects'] });
      expect(codes(refusals('approve', both, reviewer))).toEqual(['OPEN_BLOCKING_THREADS', 'FAILED_ITEMS']);
    });

    it('should give the missing claim before the others', () => {
      const all = facts({ status: 'IN_REVIEW', openThreads: [{ blocking: true }], failedItems: ['connects'] });
      expect(codes(refusals('approve', all, reviewer))).toEqual(['NOT_CLAIMED', 'OPEN_BLOCKING_THREADS', 'FAILED_ITEMS']);
    });
  });

  describe('a deleted app', () => {
    const deleted = { app: { partnerId: PARTNER_ID, deletedAt: new Date('2025-01-01T00:00:00Z') } };

    it.each([
      ['submit', 'DRAFT', partner],
      ['submit', 'CHANGES_REQUESTED', partner],
      ['claim', 'SUBMITTED', reviewer],
      ['claim', 'IN_REVIEW', admin],
      ['release', 'APPROVED', partner],
      ['update', 'DRAFT', partner],
      ['answer', 'DRAFT', partner],
      ['assign', 'SUBMITTED', admin],
      ['openThread', 'IN_REVIEW', reviewer],
    ] as const)('should refuse %s on a %s version with APP_DELETED', (action, status, viewer) => {
      const reasons = refusals(action, facts({ ...deleted, status }), viewer);
      expect(codes(reasons)).toEqual(['APP_DELETED']);
    });
  });
});

describe('threadRefusals', () => {
  const ALLOWED: Record<ThreadAction, ActorName[]> = {
    comment: ['partner member', 'reviewer', 'admin'],
    markAddressed: ['partner member'],
    resolve: ['reviewer', 'admin'],
  };
  const ACTIONS = Object.keys(ALLOWED) as ThreadAction[];

  it('should have exactly the thread actions the domain names', () => {
    expect(Object.keys(THREAD_ACTIONS).sort()).toEqual([...ACTIONS].sort());
  });

  const rows = ACTIONS.flatMap((action) =>
    (['OPEN', 'RESOLVED'] as const).flatMap((status) =>
      ACTOR_NAMES.map((actor) => {
        const expected: ReasonCode[] = !ALLOWED[action].includes(actor)
          ? ['FORBIDDEN']
          : status === 'OPEN'
            ? []
            : ['WRONG_STATUS'];
        const outcome = expected.length ? `refuse with ${expected.join(', ')}` : 'allow';
        return { action, status, actor, expected, outcome };
      }),
    ),
  );

  it.each(rows)('should $outcome: $action by the $actor on a $status thread', ({ action, status, actor, expected }) => {
    expect(codes(threadRefusals(action, { status, partnerId: PARTNER_ID }, VIEWERS[actor]))).toEqual(expected);
  });
});

describe('whoseTurn', () => {
  it.each<[VersionStatus, Turn]>([
    ['DRAFT', 'PARTNER'],
    ['SUBMITTED', 'MARKETPLACE'],
    ['IN_REVIEW', 'MARKETPLACE'],
    ['CHANGES_REQUESTED', 'PARTNER'],
    ['APPROVED', 'PARTNER'],
    ['LIVE', 'NONE'],
    ['SUPERSEDED', 'NONE'],
    ['WITHDRAWN', 'NONE'],
    ['REJECTED', 'NONE'],
  ])('should say a %s version waits on %s', (status, turn) => {
    expect(whoseTurn(status)).toBe(turn);
  });
});

describe('missingForSubmission', () => {
  /** A version and listing with nothing missing. */
  function complete(): SubmissionFacts {
    const text = (locale: string) => ({
      locale,
      name: `Acme Pay (${locale})`,
      description: `Takes payments (${locale})`,
      installationGuide: `Connect and sign in (${locale})`,
    });
    return {
      requiredLocales: ['en', 'ru'],
      app: {
        texts: [text('en'), text('ru')],
        sectionId: 'section-payments',
        countries: ['RU', 'KZ'],
        logoSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>',
        supportUrl: 'https://acme.dev/support',
        documentationUrl: 'https://acme.dev/docs',
      },
      version: {
        connectionUrl: 'https://acme.dev/connect',
        simpleConnection: false,
        scopes: [
          { scopeKey: 'orders.read', justification: 'To match payments to orders', pollingIntervalSeconds: null, scope: { polling: false } },
          { scopeKey: 'analytics.read', justification: 'To show a dashboard', pollingIntervalSeconds: 3600, scope: { polling: true } },
        ],
        checklist: [
          { key: 'connects', label: 'Connects correctly', mandatory: true, kind: 'CONFIRMATION', answer: 'yes' },
          { key: 'test-account', label: 'Test account', mandatory: true, kind: 'CREDENTIALS', answer: 'demo / demo' },
          { key: 'setup-guide', label: 'Setup guide', mandatory: false, kind: 'URL', answer: null },
        ],
      },
    };
  }

  /** The fields missing once `change` is applied to a complete submission. */
  function missingAfter(change: (facts: SubmissionFacts) => void): string[] {
    const input = complete();
    change(input);
    return missingForSubmission(input).map((item) => item.field);
  }

  const text = (facts: SubmissionFacts, locale: string) => {
    const found = facts.app.texts.find((t) => t.locale === locale);
    if (!found) throw new Error(`no ${locale} text`);
    return found;
  };
  const scope = (facts: SubmissionFacts, key: string) => {
    const found = facts.version.scopes.find((s) => s.scopeKey === key);
    if (!found) throw new Error(`no scope ${key}`);
    return found;
  };
  const item = (facts: SubmissionFacts, key: string) => {
    const found = facts.version.checklist.find((i) => i.key === key);
    if (!found) throw new Error(`no checklist item ${key}`);
    return found;
  };

  it('should find nothing missing in a complete submission', () => {
    expect(missingForSubmission(complete())).toEqual([]);
  });

  it.each<[string, (facts: SubmissionFacts) => void, string[]]>([
    ['an empty Russian name', (f) => void (text(f, 'ru').name = ''), ['listing.name.ru']],
    ['a whitespace-only English description', (f) => void (text(f, 'en').description = ' \n\t '), ['listing.description.en']],
    ['an empty Russian installation guide', (f) => void (text(f, 'ru').installationGuide = ''), ['listing.installationGuide.ru']],
    [
      'no Russian texts at all',
      (f) => void (f.app.texts = f.app.texts.filter((t) => t.locale !== 'ru')),
      ['listing.name.ru', 'listing.description.ru', 'listing.installationGuide.ru'],
    ],
    ['no section', (f) => void (f.app.sectionId = null), ['listing.section']],
    ['no countries', (f) => void (f.app.countries = []), ['listing.countries']],
    ['no logo', (f) => void (f.app.logoSvg = null), ['listing.logo']],
    ['no support URL', (f) => void (f.app.supportUrl = null), ['listing.supportUrl']],
    ['no documentation URL', (f) => void (f.app.documentationUrl = null), ['listing.documentationUrl']],
    ['no connection URL without simple connection', (f) => void (f.version.connectionUrl = null), ['manifest.connection']],
    ['an empty justification', (f) => void (scope(f, 'orders.read').justification = ''), ['manifest.scopes.orders.read']],
    [
      'a whitespace-only justification',
      (f) => void (scope(f, 'analytics.read').justification = '   '),
      ['manifest.scopes.analytics.read'],
    ],
    [
      'a polling scope without interval',
      (f) => void (scope(f, 'analytics.read').pollingIntervalSeconds = null),
      ['manifest.scopes.analytics.read.interval'],
    ],
    ['an unanswered mandatory item', (f) => void (item(f, 'test-account').answer = null), ['checklist.test-account']],
    ['a whitespace-only mandatory answer', (f) => void (item(f, 'connects').answer = '  '), ['checklist.connects']],
    ['a mandatory confirmation answered no', (f) => void (item(f, 'connects').answer = 'no'), ['checklist.connects']],
    [
      'simple connection without the configuration URL the key is sent to',
      (f) => {
        f.version.connectionUrl = null;
        f.version.simpleConnection = true;
      },
      ['manifest.connectionUrl'],
    ],
  ])('should report %s', (_, change, fields) => {
    expect(missingAfter(change)).toEqual(fields);
  });

  it.each<[string, (facts: SubmissionFacts) => void]>([
    ['an unanswered non-mandatory item', (f) => void (item(f, 'setup-guide').answer = null)],
    [
      'an optional confirmation answered no',
      (f) => void f.version.checklist.push({ key: 'extra', label: 'Extra', mandatory: false, kind: 'CONFIRMATION', answer: 'no' }),
    ],
    ['a whitespace-only non-mandatory answer', (f) => void (item(f, 'setup-guide').answer = ' ')],
    ['a non-polling scope without interval', (f) => void (scope(f, 'orders.read').pollingIntervalSeconds = null)],
    [
      'empty texts in a locale that is not required',
      (f) => void f.app.texts.push({ locale: 'de', name: '', description: '', installationGuide: '' }),
    ],
    [
      'no Russian texts when only English is required',
      (f) => {
        f.requiredLocales = ['en'];
        f.app.texts = f.app.texts.filter((t) => t.locale !== 'ru');
      },
    ],
  ])('should not report %s', (_, change) => {
    expect(missingAfter(change)).toEqual([]);
  });

  it('should report everything missing from an empty submission, each with a message', () => {
    const missing = missingForSubmission({
      requiredLocales: ['en', 'ru'],
      app: { texts: [], sectionId: null, countries: [], logoSvg: null, supportUrl: null, documentationUrl: null },
      version: {
        connectionUrl: null,
        simpleConnection: false,
        scopes: [{ scopeKey: 'analytics.read', justification: '', pollingIntervalSeconds: null, scope: { polling: true } }],
        checklist: [
          { key: 'connects', label: 'Connects correctly', mandatory: true, kind: 'CONFIRMATION', answer: null },
          { key: 'setup-guide', label: 'Setup guide', mandatory: false, kind: 'URL', answer: null },
        ],
      },
    });
    expect(missing.map((m) => m.field)).toEqual([
      'listing.name.en',
      'listing.description.en',
      'listing.installationGuide.en',
      'listing.name.ru',
      'listing.description.ru',
      'listing.installationGuide.ru',
      'listing.section',
      'listing.countries',
      'listing.logo',
      'listing.supportUrl',
      'listing.documentationUrl',
      'manifest.connection',
      'manifest.scopes.analytics.read',
      'manifest.scopes.analytics.read.interval',
      'checklist.connects',
    ]);
    for (const item of missing) expect(item.message.trim()).not.toBe('');
  });
});

describe('the derived states', () => {
  const app = (overrides: Partial<AppFacts> & { statuses?: VersionStatus[] } = {}): AppFacts => {
    const { statuses = [], ...rest } = overrides;
    return {
      consultation: 'NOT_REQUIRED',
      partnerDisabled: false,
      platformDisabled: false,
      deletedAt: null,
      versions: statuses.map((status) => ({ status })),
      ...rest,
    };
  };
  const sorted = (flags: StateFlag[]) => [...flags].sort();

  it.each<[string, AppFacts, StateFlag[], StateFlag[], boolean, AppStage]>([
    ['no versions', app(), ['ONLINE'], [], false, 'DEVELOPMENT'],
    ['a draft only', app({ statuses: ['DRAFT'] }), ['ONLINE', 'PENDING'], [], false, 'DEVELOPMENT'],
    ['a version sent back for changes', app({ statuses: ['CHANGES_REQUESTED'] }), ['ONLINE', 'PENDING'], [], false, 'DEVELOPMENT'],
    ['a submitted first version', app({ statuses: ['SUBMITTED'] }), ['ONLINE'], ['PENDING'], false, 'IN_REVIEW'],
    ['a first version in review', app({ statuses: ['IN_REVIEW'] }), ['ONLINE'], ['PENDING'], false, 'IN_REVIEW'],
    ['a withdrawn first version', app({ statuses: ['WITHDRAWN'] }), ['ONLINE'], [], false, 'DEVELOPMENT'],
    ['a rejected first version', app({ statuses: ['REJECTED'] }), ['ONLINE'], [], false, 'DEVELOPMENT'],
    ['a LIVE version', app({ statuses: ['LIVE'] }), ['ONLINE'], ['ONLINE'], true, 'PUBLISHED'],
    ['a LIVE version and an update in review', app({ statuses: ['LIVE', 'IN_REVIEW'] }), ['ONLINE'], ['ONLINE', 'PENDING'], true, 'PUBLISHED'],
    ['a LIVE version and a submitted update', app({ statuses: ['SUPERSEDED', 'LIVE', 'SUBMITTED'] }), ['ONLINE'], ['ONLINE', 'PENDING'], true, 'PUBLISHED'],
    ['a LIVE version and a draft update', app({ statuses: ['LIVE', 'DRAFT'] }), ['ONLINE', 'PENDING'], ['ONLINE'], true, 'PUBLISHED'],
    ['a LIVE version switched off by the partner', app({ statuses: ['LIVE'], partnerDisabled: true }), ['DISABLED'], ['ONLINE'], false, 'PUBLISHED'],
    [
      'a LIVE version and a draft, switched off by the partner',
      app({ statuses: ['LIVE', 'DRAFT'], partnerDisabled: true }),
      ['DISABLED', 'PENDING'],
      ['ONLINE'],
      false,
      'PUBLISHED',
    ],
    ['a LIVE version suspended by staff', app({ statuses: ['LIVE'], platformDisabled: true }), ['ONLINE'], ['ONLINE', 'DISABLED'], false, 'PUBLISHED'],
    ['a deleted app with a LIVE version', app({ statuses: ['LIVE'], deletedAt: new Date('2025-01-01T00:00:00Z') }), ['ONLINE'], ['ONLINE'], false, 'PUBLISHED'],
    ['a SUPERSEDED-only history', app({ statuses: ['SUPERSEDED', 'SUPERSEDED'] }), ['ONLINE'], [], false, 'PUBLISHED'],
  ])('should derive the states of an app with %s', (_, facts, partner, platform, available, stage) => {
    expect(sorted(partnerState(facts))).toEqual(sorted(partner));
    expect(sorted(platformState(facts))).toEqual(sorted(platform));
    expect(isAvailable(facts)).toBe(available);
    expect(appStage(facts)).toBe(stage);
  });

  it.each<[ConsultationStatus, AppStage]>([
    ['NOT_REQUESTED', 'CREATED'],
    ['REQUESTED', 'CONSULTATION'],
    ['APPROVED', 'DEVELOPMENT'],
    ['DECLINED', 'DECLINED'],
    ['NOT_REQUIRED', 'DEVELOPMENT'],
  ])('should put an app without versions whose consultation is %s in stage %s', (consultation, stage) => {
    const facts = app({ consultation });
    expect(appStage(facts)).toBe(stage);
    expect(sorted(partnerState(facts))).toEqual(['ONLINE']);
    expect(platformState(facts)).toEqual([]);
    expect(isAvailable(facts)).toBe(false);
  });

  it('should keep an app whose consultation was declined DECLINED whatever its drafts', () => {
    expect(appStage(app({ consultation: 'DECLINED', statuses: ['DRAFT'] }))).toBe('DECLINED');
  });

  it('should keep a first version approved but not yet released IN_REVIEW, never back in DEVELOPMENT', () => {
    expect(appStage(app({ consultation: 'APPROVED', statuses: ['APPROVED'] }))).toBe('IN_REVIEW');
    expect(appStage(app({ consultation: 'APPROVED', statuses: ['CHANGES_REQUESTED'] }))).toBe('DEVELOPMENT');
  });

  it('should keep a published app PUBLISHED while an update is in review or sent back', () => {
    expect(appStage(app({ consultation: 'APPROVED', statuses: ['LIVE', 'IN_REVIEW'] }))).toBe('PUBLISHED');
    expect(appStage(app({ consultation: 'APPROVED', statuses: ['LIVE', 'CHANGES_REQUESTED'] }))).toBe('PUBLISHED');
  });
});

describe('the app actions added for issue 12', () => {
  const appFacts = (overrides: Partial<AppFactsForRules> = {}): AppFactsForRules => ({
    partnerId: PARTNER_ID,
    deletedAt: null,
    consultation: 'REQUESTED',
    consultationAssigneeId: null,
    partnerDisabled: false,
    platformDisabled: false,
    versionStatuses: [],
    activeInstallations: 0,
    consultationEnabled: true,
    ...overrides,
  });
  const otherAdmin = user('u-alex', 'ADMIN');

  it.each<[VersionStatus[], boolean]>([
    [[], true],
    [['DRAFT'], true],
    [['CHANGES_REQUESTED'], true],
    [['LIVE', 'DRAFT'], true],
    [['SUPERSEDED', 'WITHDRAWN', 'REJECTED'], true],
    [['SUBMITTED'], false],
    [['LIVE', 'IN_REVIEW'], false],
    [['APPROVED'], false],
  ])('should let the partner change the section of an app whose versions are %j: %s', (versionStatuses, allowed) => {
    const reasons = appRefusals('changeSection', appFacts({ consultation: 'APPROVED', versionStatuses }), partner);
    expect(codes(reasons)).toEqual(allowed ? [] : ['WRONG_STATUS']);
  });

  it('should leave the section to the partner', () => {
    expect(codes(appRefusals('changeSection', appFacts(), reviewer))).toEqual(['FORBIDDEN']);
    expect(codes(appRefusals('changeSection', appFacts(), admin))).toEqual(['FORBIDDEN']);
  });

  it('should let one admin claim a consultation request and keep others from claiming or deciding it', () => {
    expect(codes(appRefusals('claimConsultation', appFacts(), admin))).toEqual([]);
    expect(codes(appRefusals('claimConsultation', appFacts(), reviewer))).toEqual(['FORBIDDEN']);
    expect(codes(appRefusals('claimConsultation', appFacts(), partner))).toEqual(['FORBIDDEN']);
    const claimed = appFacts({ consultationAssigneeId: idOf(admin) });
    expect(codes(appRefusals('claimConsultation', claimed, admin))).toEqual(['ALREADY_CLAIMED']);
    expect(codes(appRefusals('claimConsultation', claimed, otherAdmin))).toEqual(['CLAIMED_BY_ANOTHER']);
    expect(codes(appRefusals('decideConsultation', claimed, admin))).toEqual([]);
    expect(codes(appRefusals('decideConsultation', claimed, otherAdmin))).toEqual(['CLAIMED_BY_ANOTHER']);
    // Unclaimed, any admin decides it from the queue.
    expect(codes(appRefusals('decideConsultation', appFacts(), otherAdmin))).toEqual([]);
  });

  it.each<ConsultationStatus>(['NOT_REQUESTED', 'APPROVED', 'DECLINED', 'NOT_REQUIRED'])(
    'should refuse claiming a consultation that is %s, naming only that',
    (consultation) => {
      const facts = appFacts({ consultation, consultationAssigneeId: idOf(otherAdmin) });
      expect(codes(appRefusals('claimConsultation', facts, admin))).toEqual(['WRONG_STATUS']);
    },
  );
});

describe('re-review and whose turn among the marketplace’s people', () => {
  it('should give a resubmission back to the staff member who sent it back, and nobody else', () => {
    expect(reviewerOnResubmission('CHANGES_REQUESTED', { id: 'rita', staffRole: 'REVIEWER' })).toBe('rita');
    expect(reviewerOnResubmission('CHANGES_REQUESTED', { id: 'alex', staffRole: 'ADMIN' })).toBe('alex');
    // No longer staff, a first submission, or nobody claimed it: the queue, for anyone.
    expect(reviewerOnResubmission('CHANGES_REQUESTED', { id: 'gone', staffRole: null })).toBeNull();
    expect(reviewerOnResubmission('DRAFT', { id: 'rita', staffRole: 'REVIEWER' })).toBeNull();
    expect(reviewerOnResubmission('CHANGES_REQUESTED', null)).toBeNull();
  });

  it.each<[VersionStatus, string | null, string]>([
    ['SUBMITTED', null, 'ANY_REVIEWER'],
    ['SUBMITTED', 'rita', 'ASSIGNEE'],
    ['IN_REVIEW', 'rita', 'ASSIGNEE'],
    ['CHANGES_REQUESTED', 'rita', 'PARTNER'],
    ['DRAFT', null, 'PARTNER'],
    ['APPROVED', 'rita', 'PARTNER'],
    ['LIVE', 'rita', 'NONE'],
    ['REJECTED', 'rita', 'NONE'],
  ])('should say a %s version assigned to %s is the turn of %s', (status, assigneeId, turn) => {
    expect(reviewTurn(status, assigneeId)).toBe(turn);
    // It refines whoseTurn, never contradicts it.
    expect(whoseTurn(status) === 'MARKETPLACE').toBe(turn === 'ANY_REVIEWER' || turn === 'ASSIGNEE');
  });
});
