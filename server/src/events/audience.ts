import { Kind, visit, type ASTNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import type { Event } from '../generated/prisma/client.js';

/**
 * The audience of one event for one viewer: everything about the viewer that can change what an
 * event's fields resolve to. Viewers with the same audience get the same result, so it is
 * executed once for all of them.
 *
 * Below `Event`, results depend on the viewer only through the auth rules of `User` (e-mail and
 * memberships: the person themself and staff) and `Partner` (staff and the partner's members):
 * hence the staff role, every membership with its role, and whether the viewer is the event's
 * actor. A rule that reads anything else of the viewer must be added here; the isolation test in
 * test/live-fanout.test.ts catches the cases we know.
 */
export function audienceOf(viewer: Viewer, event: Pick<Event, 'actorId'>): string {
  switch (viewer.kind) {
    case 'user': {
      const self = viewer.id === event.actorId ? `+self:${viewer.id}` : '';
      if (viewer.staffRole) return `staff:${viewer.staffRole}${self}`;
      const memberships = [...viewer.memberships].map(([partner, role]) => `${partner}=${role}`).sort();
      return `member:${memberships.join(',')}${self}`;
    }
    case 'anonymous':
      return 'anonymous';
    default:
      // Keys never share: nothing proves two keys see alike.
      return `${viewer.kind}:${viewer.keyId}`;
  }
}

const resultVariables = new WeakMap<DocumentNode, Map<string | undefined, string[]>>();

/**
 * The variables of a subscription that can change its per-event result: all of them but those used
 * only in the root field's arguments (`appId`, `after`, …), which choose the stream, not the result
 * (the root fields resolve to the event itself). Two resumed clients with different `after` then
 * share one execution. Cached per parsed document (Yoga's parse cache makes them shared).
 */
export function resultVariableNames(document: DocumentNode, operationName: string | null | undefined): string[] {
  let byOperation = resultVariables.get(document);
  if (!byOperation) resultVariables.set(document, (byOperation = new Map()));
  const key = operationName ?? undefined;
  let names = byOperation.get(key);
  if (!names) {
    const found = new Set<string>();
    const collect = (node: ASTNode) =>
      visit(node, {
        Variable: (variable) => {
          found.add(variable.name.value);
        },
      });
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
    );
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) collect(definition);
    }
    for (const directive of operation?.directives ?? []) collect(directive);
    for (const selection of operation?.selectionSet.selections ?? []) {
      if (selection.kind !== Kind.FIELD) {
        collect(selection);
        continue;
      }
      for (const directive of selection.directives ?? []) collect(directive);
      if (selection.selectionSet) collect(selection.selectionSet);
    }
    names = [...found].sort();
    byOperation.set(key, names);
  }
  return names;
}
