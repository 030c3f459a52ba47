import type { Tx } from '../db/client.js';
import { recordEvent } from '../events/log.js';
import type { Change } from '../events/types.js';
import { IN_FLIGHT_EDITABLE } from './lifecycle.js';

/** The template a version of an app in `sectionId` gets: the section's own, else the default one. */
async function templateFor(tx: Tx, sectionId: string | null) {
  return (
    (sectionId ? await tx.checklistTemplate.findUnique({ where: { sectionId }, include: { items: true } }) : null) ??
    (await tx.checklistTemplate.findFirst({ where: { sectionId: null }, include: { items: true } }))
  );
}

/**
 * Gives a version its checklist: a copy of the template of the app's section, or of the
 * default template (the one with no section) when the section has none.
 */
export async function instantiateChecklist(tx: Tx, versionId: string, sectionId: string | null) {
  const template = await templateFor(tx, sectionId);
  if (!template) return;
  await tx.checklistItem.createMany({
    data: template.items.map((item) => ({
      versionId,
      key: item.key,
      label: item.label,
      help: item.help,
      mandatory: item.mandatory,
      kind: item.kind,
      position: item.position,
    })),
  });
}

/** What rebuilding a checklist changed: the keys added and removed, in template order. */
export interface ChecklistRebuild {
  added: string[];
  removed: string[];
}

/**
 * Makes an editable version's checklist the template of `sectionId` (see
 * {@link instantiateChecklist}). Items both checklists share (same key, same kind of answer) keep
 * their answer and verdict and take the new template's label, help, mandatory flag and position;
 * the others are removed or added unanswered.
 */
export async function rebuildChecklist(tx: Tx, versionId: string, sectionId: string | null): Promise<ChecklistRebuild> {
  const template = await templateFor(tx, sectionId);
  const items = template?.items.slice().sort((a, b) => a.position - b.position) ?? [];
  const current = await tx.checklistItem.findMany({ where: { versionId } });
  const kept = new Map(current.filter((c) => items.some((i) => i.key === c.key && i.kind === c.kind)).map((c) => [c.key, c]));
  const removed = current.filter((c) => !kept.has(c.key)).sort((a, b) => a.position - b.position);
  if (removed.length) await tx.checklistItem.deleteMany({ where: { id: { in: removed.map((c) => c.id) } } });
  const added: string[] = [];
  for (const item of items) {
    const fields = { label: item.label, help: item.help, mandatory: item.mandatory, kind: item.kind, position: item.position };
    const existing = kept.get(item.key);
    if (existing) await tx.checklistItem.update({ where: { id: existing.id }, data: fields });
    else {
      await tx.checklistItem.create({ data: { versionId, key: item.key, ...fields } });
      added.push(item.key);
    }
  }
  return { added, removed: removed.map((c) => c.key) };
}

/**
 * Gives every editable version (DRAFT, CHANGES_REQUESTED) of an app the checklist of `sectionId`'s
 * template, each recorded as `version.checklist_rebuilt`: after the app moved to another section
 * (`section` old → new), or after an admin edited the template it follows (`templateChanged`).
 * Versions in review, approved or live keep the checklist they were reviewed with.
 */
export async function rebuildEditableChecklists(
  tx: Tx,
  app: { id: string; partnerId: string },
  actorId: string | null,
  section: Change<string>,
  sectionId: string | null,
  templateChanged = false,
) {
  const editable = await tx.appVersion.findMany({ where: { appId: app.id, status: { in: [...IN_FLIGHT_EDITABLE] } }, orderBy: { createdAt: 'asc' } });
  for (const version of editable) {
    const { added, removed } = await rebuildChecklist(tx, version.id, sectionId);
    await recordEvent(tx, {
      type: 'version.checklist_rebuilt',
      appId: app.id,
      partnerId: app.partnerId,
      actorId,
      versionId: version.id,
      payload: { version: version.version, section, added, removed, ...(templateChanged ? { templateChanged } : {}) },
    });
  }
  return editable.length;
}
