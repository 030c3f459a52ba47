import { useEffect, useRef } from 'react';
import { shortcutKey } from './shortcut-key';

/** Whether a key press belongs to what the person is typing into, not to the page. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
}

/**
 * A page's keyboard shortcuts. `handler` hears each key press as its shortcut (`shortcutKey`: on a
 * Russian layout the j key still means `j`), except while the person types in a field, holds a
 * modifier, or a dialog is open; key presses while typing go to `typing` instead, if given. The
 * latest handlers are called, so they may read the render's state.
 */
export function usePageKeys(handler: (key: string, event: KeyboardEvent) => void, typing?: (event: KeyboardEvent) => void) {
  const latest = useRef({ handler, typing });
  latest.current = { handler, typing };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target)) return latest.current.typing?.(event);
      if (document.querySelector('dialog[open]')) return;
      latest.current.handler(shortcutKey(event), event);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
