/** Someone else's action the viewer has not dismissed yet, as the "New:" notice lists it. */
export interface UnseenEvent {
  cursor: string;
  type: string;
  actor: { id: string; name: string } | null;
}

/** One line of the notice: the same person doing the same thing, `count` times, newest first. */
export interface UnseenGroup {
  key: string;
  /** Who did it; null when the event names nobody (the notice says "someone" in the reader's language). */
  actorName: string | null;
  type: string;
  /** The events of this line (their count is the line's count). */
  cursors: string[];
}

/**
 * Adds an event to the unseen list, newest first: a repeat of the same person doing the same
 * thing moves that line to the top and counts it, so "requested changes" stays beside a later
 * "commented" instead of being replaced by it. An event already listed (a replay) changes nothing.
 */
export function addUnseen(groups: readonly UnseenGroup[], event: UnseenEvent): UnseenGroup[] {
  if (groups.some((group) => group.cursors.includes(event.cursor))) return [...groups];
  const key = `${event.actor?.id ?? ''}|${event.type}`;
  const previous = groups.find((group) => group.key === key);
  const line: UnseenGroup = { key, actorName: event.actor?.name ?? null, type: event.type, cursors: [...(previous?.cursors ?? []), event.cursor] };
  return [line, ...groups.filter((group) => group.key !== key)];
}
