import { z } from 'zod';
import { MAX_LOGO_BYTES, MAX_URL_LENGTH, TEXT_LIMITS } from './listing.js';
import { capProblems } from './validation.js';

// One bound for every argument of every field: lengths, counts and allowed characters, checked
// before any rule or SQL runs. The domain's own rules (formats, prices, the catalogue) come after.


/** NUL and the other C0/C1 controls but tab, line feed and carriage return. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A UTF-16 surrogate without its partner: not a character, and Postgres cannot store it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Bidirectional embedding, override and isolate controls: they make text read unlike it is stored. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/** A character that shows something: not whitespace, a format or control character, a lone mark or a blank filler. */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{Cc}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800]/u;

/** The problem with a string's characters, if any. */
export function characterProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL byte';
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode (it has a lone surrogate)';
  if (BIDI_CONTROL.test(value)) return 'must not contain bidirectional override or isolate characters';
  return null;
}

/** Whether `value` has more than `max` characters (code points, as the domain counts them), without counting a long one through. */
function longerThan(value: string, max: number): boolean {
  if (value.length <= max) return false;
  if (value.length > 2 * max) return true;
  let count = 0;
  for (const _ of value) if (++count > max) return true;
  return false;
}

/** Text of at most `max` characters, with only characters a person means; `name` refuses text that shows nothing. */
export function text(max: number, options: { name?: boolean } = {}) {
  return z.string().check((ctx) => {
    // An over-long value is refused on its length alone: scanning megabytes for characters costs time for nothing.
    if (longerThan(ctx.value, max)) {
      ctx.issues.push({ code: 'custom', message: `must be at most ${max} characters`, input: ctx.value });
      return;
    }
    const problem = characterProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    else if (options.name && ctx.value.length > 0 && !VISIBLE.test(ctx.value)) {
      ctx.issues.push({ code: 'custom', message: 'must contain a visible character', input: ctx.value });
    }
  });
}

/**
 * A list of at most `max` items, each checked only when the count is right: a list of a million
 * items is refused with one problem, not a million.
 */
export function list<T extends z.ZodType>(item: T, max: number) {
  return z.array(z.unknown()).max(max, `must have at most ${max} items`).pipe(z.array(item));
}

/** A whole number from `min` to `max`. */
export const int = (min: number, max: number) => z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/** Sizes, in characters (code points) unless said otherwise. */
export const BOUNDS = {
  id: 200,
  code: 64,
  key: 100,
  locale: 35,
  country: 8,
  countries: 250,
  scopes: 50,
  grantedScopes: 50,
  texts: 20,
  nodes: 100,
  title: 200,
  search: 200,
  email: 320,
  password: 1024,
  comment: 10_000,
  body: 20_000,
  changelog: 10_000,
  cursor: 200,
  currency: 8,
  version: 64,
  apiVersion: 1_000_000,
  pollingSeconds: 31_536_000,
  pageSize: 1000,
} as const;

const id = text(BOUNDS.id);
const key = text(BOUNDS.key);
const locale = text(BOUNDS.locale);
const url = text(MAX_URL_LENGTH);
const comment = text(BOUNDS.comment);
const page = {
  first: int(0, BOUNDS.pageSize).nullish(),
  last: int(0, BOUNDS.pageSize).nullish(),
  after: text(BOUNDS.cursor).nullish(),
  before: text(BOUNDS.cursor).nullish(),
};

const listingText = z.object({
  locale,
  name: text(TEXT_LIMITS.name, { name: true }).nullish(),
  description: text(TEXT_LIMITS.description).nullish(),
  installationGuide: text(TEXT_LIMITS.installationGuide).nullish(),
});

const listing = z.object({
  texts: list(listingText, BOUNDS.texts).nullish(),
  sectionKey: key.nullish(),
  countries: list(text(BOUNDS.country), BOUNDS.countries).nullish(),
  // Code points never outnumber UTF-8 bytes: the sanitiser measures the exact bytes after this.
  logoSvg: text(MAX_LOGO_BYTES).nullish(),
  currency: text(BOUNDS.currency).nullish(),
  supportUrl: url.nullish(),
  documentationUrl: url.nullish(),
});

const manifest = z.object({
  version: text(BOUNDS.version).nullish(),
  changelog: text(BOUNDS.changelog).nullish(),
  minApiVersion: int(1, BOUNDS.apiVersion).nullish(),
  connectionUrl: url.nullish(),
  scopes: list(
    z.object({ key, justification: text(BOUNDS.comment), pollingIntervalSeconds: int(0, BOUNDS.pollingSeconds).nullish() }),
    BOUNDS.scopes,
  ).nullish(),
});

const versionTarget = { versionId: id };
const appTarget = { appId: id };
const threadTarget = { threadId: id };

const sectionNames = list(z.object({ locale, name: text(200, { name: true }) }), BOUNDS.texts);
/** Sections, section requests and checklist templates (domain/sections.ts checks the rules after). */
const ADMINISTRATION_BOUNDS: Record<string, z.ZodObject> = {
  'Mutation.createSection': z.object({ key, names: sectionNames }),
  'Mutation.renameSection': z.object({ key, names: sectionNames }),
  'Mutation.retireSection': z.object({ key, moveTo: key.nullish() }),
  'Mutation.requestSection': z.object({ partnerId: id, appId: id.nullish(), name: text(200, { name: true }), reason: comment }),
  'Mutation.acceptSectionRequest': z.object({ requestId: id, key, names: sectionNames, note: comment.nullish() }),
  'Mutation.declineSectionRequest': z.object({ requestId: id, reason: comment }),
  'Mutation.setChecklistTemplate': z.object({
    sectionKey: key.nullish(),
    items: list(z.object({ key, label: text(1000), help: text(BOUNDS.comment).nullish() }), 200),
  }),
};

/**
 * The arguments of each field, by schema coordinate. Fields not named here still get
 * {@link DEFAULT_ARGUMENTS}; only what a field declares is listed (GraphQL already checked the types).
 */
export const ARGUMENT_BOUNDS: Record<string, z.ZodObject> = {
  'Query.app': z.object({ code: text(BOUNDS.code) }),
  'Query.apps': z.object({
    ...page,
    filter: z.object({ search: text(BOUNDS.search).nullish(), partnerId: id.nullish() }).nullish(),
  }),
  'Query.catalog': z.object({
    ...page,
    locale: locale.nullish(),
    filter: z
      .object({
        search: text(BOUNDS.search).nullish(),
        section: key.nullish(),
        country: text(BOUNDS.country).nullish(),
        apiVersion: int(0, BOUNDS.apiVersion).nullish(),
      })
      .nullish(),
  }),
  'Query.moderationQueue': z.object({
    ...page,
    filter: z.object({ section: key.nullish(), assigneeId: id.nullish(), search: text(BOUNDS.search).nullish() }).nullish(),
  }),
  'Query.node': z.object({ id }),
  'Query.nodes': z.object({ ids: list(id, BOUNDS.nodes) }),
  'Mutation.login': z.object({ email: text(BOUNDS.email), password: text(BOUNDS.password) }),
  'Mutation.createApp': z.object({ code: text(BOUNDS.code), name: text(TEXT_LIMITS.name, { name: true }).nullish(), partnerId: id.nullish() }),
  'Mutation.updateListing': z.object({ ...appTarget, listing }),
  'Mutation.decideConsultation': z.object({ ...appTarget, note: comment.nullish() }),
  'Mutation.setPlatformDisabled': z.object({ ...appTarget, reason: comment.nullish() }),
  'Mutation.createVersion': z.object({ ...appTarget, version: text(BOUNDS.version), manifest: manifest.nullish() }),
  'Mutation.updateVersion': z.object({ ...versionTarget, manifest }),
  'Mutation.assignReview': z.object({ ...versionTarget, reviewerId: id }),
  'Mutation.requestChanges': z.object({ ...versionTarget, summary: comment.nullish() }),
  'Mutation.rejectVersion': z.object({ ...versionTarget, reason: comment }),
  'Mutation.answerChecklistItem': z.object({ ...versionTarget, key, answer: comment.nullish() }),
  'Mutation.setChecklistVerdict': z.object({ ...versionTarget, key, comment: comment.nullish() }),
  'Mutation.passRemainingChecklistItems': z.object(versionTarget),
  'Mutation.openThread': z.object({ ...versionTarget, title: text(BOUNDS.title, { name: true }), body: text(BOUNDS.body), anchorKey: key.nullish() }),
  'Mutation.postComment': z.object({ ...threadTarget, body: text(BOUNDS.body) }),
  'Mutation.connectApp': z.object({ code: text(BOUNDS.code), grantedScopes: list(key, BOUNDS.grantedScopes) }),
  'Mutation.disconnectApp': z.object({ code: text(BOUNDS.code) }),
  'Mutation.grantInstallationScopes': z.object({ code: text(BOUNDS.code), scopes: list(key, BOUNDS.grantedScopes) }),
  'Mutation.createApiKey': z.object({ name: text(TEXT_LIMITS.name, { name: true }), scopes: list(key, BOUNDS.scopes) }),
  'Mutation.revokeApiKey': z.object({ id }),
  'Mutation.registerModule': z.object({ account: id, code: text(BOUNDS.code) }),
  'Mutation.setWebhookEndpoint': z.object({ partnerId: id, url }),
  'Mutation.rotateWebhookSecret': z.object({ partnerId: id }),
  'Mutation.redeliverWebhook': z.object({ deliveryId: id }),
  ...ADMINISTRATION_BOUNDS,
  'Mutation.addStaffNote': z.object({ ...versionTarget, body: comment }),
  'Mutation.createCannedReply': z.object({ title: text(BOUNDS.title, { name: true }), body: comment }),
  'Mutation.updateCannedReply': z.object({ id, title: text(BOUNDS.title, { name: true }).nullish(), body: comment.nullish() }),
  'Mutation.deleteCannedReply': z.object({ id }),
  'Subscription.versionPresence': z.object(versionTarget),
  'Mutation.updatePolicy': z.object({
    input: z.object({
      requiredLocales: list(locale, BOUNDS.texts).nullish(),
      currencies: list(text(BOUNDS.key), BOUNDS.texts).nullish(),
      reviewTargetHours: int(-1_000_000, 1_000_000).nullish(),
      approvalExpiryDays: int(-1_000_000, 1_000_000).nullish(),
    }),
  }),
  'Mutation.createStaffUser': z.object({
    // An empty or blank name is the domain's to refuse, with the other problems at once.
    email: text(BOUNDS.email),
    name: text(TEXT_LIMITS.name),
    password: text(BOUNDS.password).nullish(),
  }),
  'Mutation.changeStaffRole': z.object({ userId: id }),
  'Mutation.setUserDisabled': z.object({ userId: id }),
  'Mutation.cancelInvitation': z.object({ invitationId: id }),
  'Mutation.claimListingChange': z.object({ listingChangeId: id }),
  'Mutation.decideListingChange': z.object({ listingChangeId: id, note: comment.nullish() }),
  'Subscription.appEvents': z.object({ ...appTarget, after: text(BOUNDS.cursor).nullish() }),
  'Subscription.reviewEvents': z.object({ ...versionTarget, after: text(BOUNDS.cursor).nullish() }),
  'Subscription.queueEvents': z.object({ after: text(BOUNDS.cursor).nullish() }),
  'Subscription.inboxEvents': z.object({ partnerId: id, after: text(BOUNDS.cursor).nullish() }),
  'Inbox.items': z.object({ first: page.first, before: page.before }),
  'Mutation.markInboxRead': z.object({ cursor: text(BOUNDS.cursor) }),
};

/** Any other value: strings of at most a few thousand characters, lists of at most a thousand items, numbers that fit. */
const anyValue: z.ZodType = z.lazy(() =>
  z.union([text(4000), z.number(), z.boolean(), z.null(), z.undefined(), list(anyValue, 1000), z.record(z.string(), anyValue)]),
);

/** The bound of every argument a field has that {@link ARGUMENT_BOUNDS} does not list (e.g. `locale`, `first`). */
export const DEFAULT_ARGUMENTS = z.record(z.string(), anyValue);

/** One problem: the argument path (`listing.texts.0.name`) and what is wrong. */
export interface ArgumentProblem {
  field: string;
  message: string;
}

/**
 * Arguments of plain, short values known to pass, by field: most fields (a listing's locale, on
 * every app of a page) see the same few again and again, and so does the catalog's filter form.
 */
const passing = new Set<string>();
const PASSING_MAX = 10_000;
const NO_PROBLEMS: readonly ArgumentProblem[] = Object.freeze([]);
/** The most values a remembered key holds, an input object's fields counted one by one. */
const PASSING_VALUES = 12;

/**
 * A key for arguments made only of short primitive values, or of input objects (one level, such
 * as the catalog's filter) made only of them — the only ones remembered; else null. Each value
 * is keyed with its type, so `1`, `'1'`, `null` and a missing field all key differently.
 */
function passingKey(coordinate: string, args: Record<string, unknown>): string | null {
  const entries: unknown[][] = [];
  let values = 0;
  for (const name in args) {
    const value = args[name];
    if (typeof value === 'object' && value !== null) {
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return null;
      const fields: string[][] = [];
      for (const field in value) {
        const inner = (value as Record<string, unknown>)[field];
        if (!isShortPrimitive(inner)) return null;
        fields.push([field, typeof inner, String(inner)]);
      }
      values += fields.length;
      entries.push([name, 'object', fields]);
    } else {
      if (!isShortPrimitive(value)) return null;
      values++;
      entries.push([name, typeof value, String(value)]);
    }
  }
  return values > PASSING_VALUES ? null : `${coordinate}\u0000${JSON.stringify(entries)}`;
}

function isShortPrimitive(value: unknown): boolean {
  return (typeof value !== 'object' || value === null) && !(typeof value === 'string' && value.length > 256);
}

/** Every problem with a field's arguments (capped by {@link capProblems}), or none. */
export function argumentProblems(coordinate: string, args: Record<string, unknown>): readonly ArgumentProblem[] {
  // A pure check of plain values: once passed, the same values pass again.
  const key = passingKey(coordinate, args);
  if (key !== null && passing.has(key)) return NO_PROBLEMS;
  const problems = checkArguments(coordinate, args);
  if (key !== null && problems.length === 0) {
    if (passing.size >= PASSING_MAX) passing.clear();
    passing.add(key);
  }
  return problems;
}

function checkArguments(coordinate: string, args: Record<string, unknown>): ArgumentProblem[] {
  const schema = ARGUMENT_BOUNDS[coordinate];
  const named = schema ? schema.safeParse(args) : { success: true as const };
  // Arguments the named schema leaves out still get the default bound.
  const others = schema ? Object.fromEntries(Object.entries(args).filter(([name]) => !(name in schema.shape))) : args;
  const rest = DEFAULT_ARGUMENTS.safeParse(others);
  const issues = [...(named.success ? [] : named.error.issues), ...(rest.success ? [] : rest.error.issues)];
  const seen = new Set<string>();
  const problems: ArgumentProblem[] = [];
  for (const issue of issues) {
    const problem = { field: issue.path.map(String).join('.'), message: describe(issue) };
    const id = `${problem.field}\u0000${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
  }
  return capProblems(problems);
}

/** A union's issue names its most telling branch, not "invalid input". */
function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union') {
    const messages = issue.errors.flat().filter((i) => i.code === 'custom' || i.code === 'too_big');
    if (messages[0]) return messages[0].message;
  }
  return issue.message;
}
