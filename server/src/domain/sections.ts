import type { Viewer } from '../auth/viewer.js';
import type { Tx } from '../db/client.js';
import { transaction, type IdempotentDeps } from '../db/idempotency.js';
import { recordEvent } from '../events/log.js';
import { Prisma, type ChecklistAnswerKind, type Section, type SectionRequest } from '../generated/prisma/client.js';
import { rebuildEditableChecklists } from './checklist.js';
import { DomainError, NotFoundError, refusalError } from './errors.js';
import { IN_FLIGHT_EDITABLE, type Reason } from './lifecycle.js';
import { readPolicy } from './policy.js';
import { Problems } from './validation.js';

// Marketplace administration of sections, partners' section requests and checklist templates.
// Admins only (a partner may only ask for a section); every change is an event: `section.*`
// reloads every instance's reference data and invalidates the public response cache.

type Deps = IdempotentDeps;

/** A section key: lower-case Latin letters, digits and inner dashes (it appears in URLs and filters). */
export const SECTION_KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** A checklist item key, as the templates use them (`test-account`). */
export const ITEM_KEY = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
export const SECTION_LIMITS = { key: 64, name: 100, reason: 2000, note: 2000, items: 100, label: 300, help: 2000 } as const;

/** A name in one locale, as the API takes it. */
export interface LocalizedName {
  locale: string;
  name: string;
}

/** Retiring a section that still has apps, without saying where they go: nothing changed. */
export class SectionNotEmptyError extends DomainError {
  override name = 'SectionNotEmptyError';
  constructor(
    readonly sectionKey: string,
    readonly appCount: number,
  ) {
    super(`${appCount} ${appCount === 1 ? 'app is' : 'apps are'} in ${sectionKey}; say which section ${appCount === 1 ? 'it moves' : 'they move'} to`);
  }
}

/** One statement-wide order for every administration change (they are rare): no two create the same key at once. */
const ADMINISTRATION_LOCK = 72707372;
const lockAdministration = (tx: Tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMINISTRATION_LOCK})`;

const refuse = (code: Reason['code'], message: string) => refusalError([{ code, message }]);

/** The acting admin's id; anyone else is refused before anything is read. */
function requireAdmin(viewer: Viewer, what: string): string {
  if (viewer.kind === 'user' && viewer.staffRole === 'ADMIN') return viewer.id;
  throw refuse('FORBIDDEN', `Only marketplace admins may ${what}`);
}

/** Whether the viewer is an admin (the dashboard's and the schema's capability). */
export const isAdminViewer = (viewer: Viewer) => viewer.kind === 'user' && viewer.staffRole === 'ADMIN';

/**
 * Localised names as stored (`{ en: "Payments" }`), over the `existing` ones (a rename leaves the
 * locales it omits as they were), with a problem for each required locale left without a name.
 */
function checkNames(
  problems: Problems,
  field: string,
  names: LocalizedName[],
  requiredLocales: string[],
  existing: Record<string, string> = {},
): Record<string, string> {
  const given = new Set<string>();
  const result: Record<string, string> = { ...existing };
  names.forEach((entry, i) => {
    const locale = entry.locale.trim();
    const name = entry.name.trim();
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale)) problems.add(`${field}.${i}.locale`, 'must be a locale such as en or ru');
    else if (given.has(locale)) problems.add(`${field}.${i}.locale`, `${locale} is given twice`);
    given.add(locale);
    if (name.length > SECTION_LIMITS.name) problems.add(`${field}.${i}.name`, `must be at most ${SECTION_LIMITS.name} characters`);
    if (name) result[locale] = name;
    else delete result[locale];
  });
  for (const locale of requiredLocales) if (!result[locale]) problems.add(`${field}.${locale}`, `a name in ${locale} is required`);
  return result;
}

function checkSectionKey(problems: Problems, field: string, key: string) {
  if (key.length > SECTION_LIMITS.key) problems.add(field, `must be at most ${SECTION_LIMITS.key} characters`);
  else if (!SECTION_KEY.test(key)) problems.add(field, 'must be lower-case Latin letters, digits and dashes (e.g. loyalty-programs)');
}

/** Creates a section at the end of the list, inside `tx` (validated and locked by the caller). */
async function insertSection(tx: Tx, actorId: string, key: string, names: Record<string, string>, requestId: string | null) {
  const last = await tx.section.aggregate({ _max: { position: true } });
  const section = await tx.section.create({ data: { key, names, position: (last._max.position ?? 0) + 1 } });
  await recordEvent(tx, { type: 'section.created', partnerId: null, actorId, payload: { key, names, requestId } });
  return section;
}

/** The key problems of a new section that need the database: taken (retired sections keep theirs, for their history). */
async function checkKeyFree(tx: Tx, problems: Problems, field: string, key: string) {
  if (!SECTION_KEY.test(key)) return;
  const taken = await tx.section.findUnique({ where: { key }, select: { archived: true } });
  if (taken) problems.add(field, taken.archived ? `${key} belonged to a retired section; choose another key` : `${key} is taken`);
}

/** An admin creates a section: a unique key and a name in every required locale. */
export async function createSection(deps: Deps, input: { key: string; names: LocalizedName[] }): Promise<Section> {
  const actorId = requireAdmin(deps.viewer, 'create sections');
  const key = input.key.trim();
  return transaction(deps, undefined, async (tx) => {
    await lockAdministration(tx);
    const problems = new Problems();
    checkSectionKey(problems, 'key', key);
    const names = checkNames(problems, 'names', input.names, (await readPolicy(tx)).requiredLocales);
    await checkKeyFree(tx, problems, 'key', key);
    problems.throwIfAny();
    return insertSection(tx, actorId, key, names, null);
  });
}

/** The section a key names, locked for the change; a missing one reads as not found. */
async function lockedSection(tx: Tx, key: string): Promise<Section> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Section" WHERE key = ${key} FOR UPDATE`;
  if (!row) throw new NotFoundError('No such section');
  return tx.section.findUniqueOrThrow({ where: { id: row.id } });
}

/** An admin renames a section (its key stays: filters and history name it). */
export async function renameSection(deps: Deps, key: string, input: LocalizedName[]): Promise<Section> {
  const actorId = requireAdmin(deps.viewer, 'rename sections');
  return transaction(deps, undefined, async (tx) => {
    await lockAdministration(tx);
    const section = await lockedSection(tx, key);
    if (section.archived) throw refuse('WRONG_STATUS', `${key} is retired`);
    const problems = new Problems();
    const old = section.names as Record<string, string>;
    // Locales the input leaves out keep their name.
    const merged = checkNames(problems, 'names', input, (await readPolicy(tx)).requiredLocales, old);
    problems.throwIfAny();
    if (JSON.stringify(merged) === JSON.stringify(old)) return section;
    const renamed = await tx.section.update({ where: { id: section.id }, data: { names: merged } });
    await recordEvent(tx, { type: 'section.renamed', partnerId: null, actorId, payload: { key, names: { old, new: merged } } });
    return renamed;
  });
}

/**
 * Moves an app to `to`, as an edit of its listing would (`app.listing_updated`), and gives its
 * editable versions that section's checklist. Versions in review keep theirs: an admin moved the
 * app, the partner did not choose to escape a checklist.
 */
async function moveApp(tx: Tx, actorId: string, app: { id: string; partnerId: string }, from: Section | null, to: Section) {
  await tx.app.update({ where: { id: app.id }, data: { sectionId: to.id } });
  const section = { old: from?.key ?? null, new: to.key };
  await recordEvent(tx, { type: 'app.listing_updated', appId: app.id, partnerId: app.partnerId, actorId, payload: { changes: { section } } });
  await rebuildEditableChecklists(tx, app, actorId, section, to.id);
}

/**
 * An admin retires a section: it leaves the catalog's list and the choices for apps; its row and
 * history stay. A section that still has apps is retired only with `moveTo`, where they go.
 */
export async function retireSection(deps: Deps, key: string, moveTo: string | null): Promise<Section> {
  const actorId = requireAdmin(deps.viewer, 'retire sections');
  return transaction(deps, undefined, async (tx) => {
    await lockAdministration(tx);
    const section = await lockedSection(tx, key);
    if (section.archived) throw refuse('WRONG_STATUS', `${key} is already retired`);
    const apps = await tx.app.findMany({ where: { sectionId: section.id, deletedAt: null }, select: { id: true, partnerId: true }, orderBy: { createdAt: 'asc' } });
    let target: Section | null = null;
    if (moveTo !== null) {
      const problems = new Problems();
      target = await tx.section.findUnique({ where: { key: moveTo } });
      if (!target || target.archived) problems.add('moveTo', `${moveTo} is not a section`);
      else if (target.id === section.id) problems.add('moveTo', 'must be another section than the one retired');
      problems.throwIfAny();
    }
    if (apps.length > 0 && !target) throw new SectionNotEmptyError(key, apps.length);
    for (const app of apps) await moveApp(tx, actorId, app, section, target!);
    const retired = await tx.section.update({ where: { id: section.id }, data: { archived: true } });
    await recordEvent(tx, { type: 'section.retired', partnerId: null, actorId, payload: { key, movedTo: target?.key ?? null, movedApps: apps.length } });
    return retired;
  });
}

// ─── Partners' section requests ─────────────────────────────────────────────

/** A partner member asks for a new section, optionally for one of the partner's apps. */
export async function requestSection(
  deps: Deps,
  input: { partnerId: string; appId: string | null; name: string; reason: string },
): Promise<SectionRequest> {
  const viewer = deps.viewer;
  if (viewer.kind === 'user' && viewer.staffRole) throw refuse('FORBIDDEN', 'Staff create sections directly; requests come from partners');
  if (viewer.kind !== 'user' || !viewer.memberships.has(input.partnerId)) throw new NotFoundError('No such partner');
  const problems = new Problems();
  const name = input.name.trim();
  const reason = input.reason.trim();
  problems.check(name.length > 0, 'name', 'must not be empty');
  problems.check(name.length <= SECTION_LIMITS.name, 'name', `must be at most ${SECTION_LIMITS.name} characters`);
  problems.check(reason.length > 0, 'reason', 'say why the marketplace needs this section');
  problems.check(reason.length <= SECTION_LIMITS.reason, 'reason', `must be at most ${SECTION_LIMITS.reason} characters`);
  return transaction(deps, undefined, async (tx) => {
    if (input.appId !== null) {
      const app = await tx.app.findUnique({ where: { id: input.appId }, select: { partnerId: true, deletedAt: true } });
      if (!app || app.partnerId !== input.partnerId || app.deletedAt) throw new NotFoundError('No such app');
    }
    problems.throwIfAny();
    const request = await tx.sectionRequest.create({
      data: { partnerId: input.partnerId, appId: input.appId, requestedById: viewer.id, name, reason },
    });
    await recordEvent(tx, {
      type: 'section_request.opened',
      appId: input.appId,
      partnerId: input.partnerId,
      actorId: viewer.id,
      payload: { requestId: request.id, name, reason },
    });
    return request;
  });
}

/** The request, locked; refused unless still open. */
async function lockedOpenRequest(tx: Tx, requestId: string): Promise<SectionRequest> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "SectionRequest" WHERE id = ${requestId} FOR UPDATE`;
  if (!row) throw new NotFoundError('No such section request');
  const request = await tx.sectionRequest.findUniqueOrThrow({ where: { id: row.id } });
  if (request.status !== 'OPEN') throw refuse('WRONG_STATUS', `The request was already ${request.status === 'ACCEPTED' ? 'accepted' : 'declined'}`);
  return request;
}

/**
 * An admin accepts a request: creates the section (`key`, `names`) and, with `moveApp`, moves the
 * app the request was made for into it.
 */
export async function acceptSectionRequest(
  deps: Deps,
  requestId: string,
  input: { key: string; names: LocalizedName[]; moveApp: boolean; note: string | null },
): Promise<SectionRequest> {
  const actorId = requireAdmin(deps.viewer, 'accept section requests');
  const key = input.key.trim();
  const note = input.note?.trim() || null;
  return transaction(deps, undefined, async (tx) => {
    await lockAdministration(tx);
    const request = await lockedOpenRequest(tx, requestId);
    const problems = new Problems();
    checkSectionKey(problems, 'key', key);
    const names = checkNames(problems, 'names', input.names, (await readPolicy(tx)).requiredLocales);
    await checkKeyFree(tx, problems, 'key', key);
    if (note && note.length > SECTION_LIMITS.note) problems.add('note', `must be at most ${SECTION_LIMITS.note} characters`);
    problems.throwIfAny();
    const section = await insertSection(tx, actorId, key, names, request.id);
    const app = input.moveApp && request.appId
      ? await tx.app.findFirst({ where: { id: request.appId, deletedAt: null }, include: { section: true } })
      : null;
    if (app) await moveApp(tx, actorId, app, app.section, section);
    const accepted = await tx.sectionRequest.update({
      where: { id: request.id },
      data: { status: 'ACCEPTED', sectionId: section.id, decidedById: actorId, decidedAt: new Date(), decisionNote: note },
    });
    await recordEvent(tx, {
      type: 'section_request.accepted',
      appId: request.appId,
      partnerId: request.partnerId,
      actorId,
      payload: { requestId: request.id, name: request.name, sectionKey: key, appMoved: Boolean(app), note },
    });
    return accepted;
  });
}

/** An admin declines a request, saying why (the partner reads it). */
export async function declineSectionRequest(deps: Deps, requestId: string, reason: string): Promise<SectionRequest> {
  const actorId = requireAdmin(deps.viewer, 'decline section requests');
  const why = reason.trim();
  return transaction(deps, undefined, async (tx) => {
    const request = await lockedOpenRequest(tx, requestId);
    const problems = new Problems();
    problems.check(why.length > 0, 'reason', 'tell the partner why');
    problems.check(why.length <= SECTION_LIMITS.note, 'reason', `must be at most ${SECTION_LIMITS.note} characters`);
    problems.throwIfAny();
    const declined = await tx.sectionRequest.update({
      where: { id: request.id },
      data: { status: 'DECLINED', decidedById: actorId, decidedAt: new Date(), decisionNote: why },
    });
    await recordEvent(tx, {
      type: 'section_request.declined',
      appId: request.appId,
      partnerId: request.partnerId,
      actorId,
      payload: { requestId: request.id, name: request.name, reason: why },
    });
    return declined;
  });
}

// ─── Checklist templates ────────────────────────────────────────────────────

/** One item of a template, as an admin writes it; the list's order is the checklist's. */
export interface TemplateItemInput {
  key: string;
  label: string;
  help?: string | null | undefined;
  kind: ChecklistAnswerKind;
  mandatory: boolean;
}

/**
 * An admin replaces the items of a section's template (`sectionKey` null: the default template,
 * which sections without their own use). Versions created afterwards get it; editable versions
 * (DRAFT, CHANGES_REQUESTED) that follow it are rebuilt, keeping the answers of the items both
 * share; versions in review, approved or live are never touched.
 */
export async function setChecklistTemplate(deps: Deps, sectionKey: string | null, input: TemplateItemInput[]) {
  const actorId = requireAdmin(deps.viewer, 'edit checklist templates');
  const problems = new Problems();
  const items = input.map((item) => ({ ...item, key: item.key.trim(), label: item.label.trim(), help: item.help?.trim() || null }));
  problems.check(items.length > 0, 'items', 'a checklist needs at least one item');
  problems.check(items.length <= SECTION_LIMITS.items, 'items', `must have at most ${SECTION_LIMITS.items} items`);
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (!ITEM_KEY.test(item.key) || item.key.length > SECTION_LIMITS.key) {
      problems.add(`items.${i}.key`, 'must be lower-case Latin letters, digits and dashes (e.g. test-account)');
    } else if (seen.has(item.key)) problems.add(`items.${i}.key`, `${item.key} is used by another item`);
    seen.add(item.key);
    if (!item.label) problems.add(`items.${i}.label`, 'must not be empty');
    else if (item.label.length > SECTION_LIMITS.label) problems.add(`items.${i}.label`, `must be at most ${SECTION_LIMITS.label} characters`);
    if (item.help && item.help.length > SECTION_LIMITS.help) problems.add(`items.${i}.help`, `must be at most ${SECTION_LIMITS.help} characters`);
  });
  return transaction(deps, undefined, async (tx) => {
    await lockAdministration(tx);
    const section = sectionKey === null ? null : await tx.section.findUnique({ where: { key: sectionKey } });
    if (sectionKey !== null && (!section || section.archived)) problems.add('sectionKey', `${sectionKey} is not a section`);
    problems.throwIfAny();
    const template = await templateToEdit(tx, section);
    const old = await tx.checklistTemplateItem.findMany({ where: { templateId: template.id }, orderBy: { position: 'asc' } });
    await tx.checklistTemplateItem.deleteMany({ where: { templateId: template.id } });
    await tx.checklistTemplateItem.createMany({
      data: items.map((item, i) => ({ templateId: template.id, key: item.key, label: item.label, help: item.help, kind: item.kind, mandatory: item.mandatory, position: i + 1 })),
    });
    const drafts = await lockFollowingDrafts(tx, section);
    await recordEvent(tx, {
      type: 'checklist.template_updated',
      partnerId: null,
      actorId,
      payload: { template: template.key, section: section?.key ?? null, items: { old: old.map((i) => i.key), new: items.map((i) => i.key) }, rebuilt: drafts.length },
    });
    // One rebuild per app: every editable version of it follows the same template.
    const apps = new Map(drafts.map((d) => [d.appId, { id: d.appId, partnerId: d.partnerId, sectionKey: d.sectionKey, sectionId: d.sectionId }]));
    for (const app of apps.values()) {
      await rebuildEditableChecklists(tx, app, actorId, { old: app.sectionKey, new: app.sectionKey }, app.sectionId, true);
    }
    return template;
  });
}

/** The template a section has, else a new one for it; the default template (made if missing) for null. */
async function templateToEdit(tx: Tx, section: Section | null) {
  if (!section) {
    return (await tx.checklistTemplate.findFirst({ where: { sectionId: null } })) ?? tx.checklistTemplate.create({ data: { key: 'default', name: 'Default checklist' } });
  }
  const own = await tx.checklistTemplate.findUnique({ where: { sectionId: section.id } });
  if (own) return own;
  const name = `${(section.names as Record<string, string>)['en'] ?? section.key} checklist`;
  const keyTaken = await tx.checklistTemplate.findUnique({ where: { key: section.key }, select: { id: true } });
  return tx.checklistTemplate.create({ data: { key: keyTaken ? `${section.key}-${section.id}` : section.key, name, sectionId: section.id } });
}

/**
 * The editable versions that follow the template of `section` (null: the default one, followed by
 * apps without a section or in a section without its own template), locked so none is sent to
 * moderation half-rebuilt. A version sent meanwhile no longer matches and is left alone.
 */
async function lockFollowingDrafts(tx: Tx, section: Section | null) {
  const follows = section
    ? Prisma.sql`a."sectionId" = ${section.id}`
    : Prisma.sql`(a."sectionId" IS NULL OR NOT EXISTS (SELECT 1 FROM "ChecklistTemplate" t WHERE t."sectionId" = a."sectionId"))`;
  return tx.$queryRaw<{ id: string; appId: string; partnerId: string; sectionId: string | null; sectionKey: string | null }[]>`
    SELECT v.id, a.id AS "appId", a."partnerId", a."sectionId", s.key AS "sectionKey"
    FROM "AppVersion" v JOIN "App" a ON a.id = v."appId" LEFT JOIN "Section" s ON s.id = a."sectionId"
    WHERE v.status::text = ANY(${[...IN_FLIGHT_EDITABLE]}::text[]) AND a."deletedAt" IS NULL AND ${follows}
    ORDER BY v.id
    FOR UPDATE OF v`;
}
