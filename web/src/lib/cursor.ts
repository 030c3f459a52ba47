/** Whether an event cursor comes after another (cursors are decimal numbers beyond 2^53). */
export function isNewer(cursor: string, than: string | null): boolean {
  if (than === null) return true;
  return cursor.length !== than.length ? cursor.length > than.length : cursor > than;
}
