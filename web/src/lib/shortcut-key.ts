/**
 * The shortcut a key press means, whatever the keyboard layout: on a Russian layout `j` types `о`,
 * so a letter is also read by its place (`KeyJ`); shifted letters are no shortcut.
 */
export function shortcutKey(event: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey'>): string {
  if (/^[a-z?]$/.test(event.key)) return event.key;
  if (!event.shiftKey && /^Key[A-Z]$/.test(event.code) && !/^[A-Z]$/i.test(event.key)) return event.code.slice(3).toLowerCase();
  if (event.shiftKey && event.code === 'Slash' && event.key !== '/') return '?';
  return event.key;
}
