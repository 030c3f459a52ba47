import type { Tx } from '../db/client.js';

/**
 * Gives a version its checklist: a copy of the template of the app's section, or of the
 * default template (the one with no section) when the section has none.
 */
export async function instantiateChecklist(tx: Tx, versionId: string, sectionId: string | null) {
  const template =
    (sectionId ? await tx.checklistTemplate.findUnique({ where: { sectionId }, include: { items: true } }) : null) ??
    (await tx.checklistTemplate.findFirst({ where: { sectionId: null }, include: { items: true } }));
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
