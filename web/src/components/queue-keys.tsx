import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The queue's keys, as the help dialog lists them; `what` names the text in `queue:shortcuts`. */
export const QUEUE_SHORTCUTS = [
  { keys: ['j'], what: 'next' },
  { keys: ['k'], what: 'previous' },
  { keys: ['Enter'], what: 'open' },
  { keys: ['c'], what: 'claim' },
  { keys: ['/'], what: 'search' },
  { keys: ['?'], what: 'help' },
  { keys: ['Esc'], what: 'escape' },
] as const satisfies readonly { keys: readonly string[]; what: string }[];

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
 * j/k move the selection (and focus the row's link, so Enter opens it as any link would), Enter
 * opens, c claims, / searches, ? shows the help. Nothing fires while the person types in a field,
 * holds a modifier, or a dialog is open.
 */
export function useQueueKeys(props: { count: number; open: (index: number) => void; claim: (index: number) => void }) {
  const [selected, setSelected] = useState<number | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const latest = useRef(props);
  latest.current = props;

  const focusRow = (index: number) => {
    document.querySelector<HTMLElement>(`[data-queue-row="${index}"]`)?.focus();
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const { count, open, claim } = latest.current;
      const move = (delta: number) => {
        if (!count) return;
        event.preventDefault();
        setSelected((current) => {
          const next = current === null ? (delta > 0 ? 0 : count - 1) : Math.min(count - 1, Math.max(0, current + delta));
          focusRow(next);
          return next;
        });
      };
      switch (event.key) {
        case 'j':
          return move(1);
        case 'k':
          return move(-1);
        case 'c':
          if (selected !== null) {
            event.preventDefault();
            claim(selected);
          }
          return;
        case 'Enter':
          // On a link or button, Enter does what it always does; elsewhere it opens the selected row.
          if (selected !== null && !(event.target instanceof HTMLAnchorElement || event.target instanceof HTMLButtonElement)) {
            event.preventDefault();
            open(selected);
          }
          return;
        case '/':
          event.preventDefault();
          document.querySelector<HTMLInputElement>('.queue-tools input[type="search"]')?.focus();
          return;
        case '?':
          event.preventDefault();
          setHelpOpen(true);
          return;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selected]);

  // A shorter list (a filter, a claim that moved a row away) keeps the selection inside it.
  useEffect(() => {
    if (selected !== null && selected >= props.count) setSelected(props.count ? props.count - 1 : null);
  }, [props.count, selected]);

  return {
    selected,
    select: useCallback((index: number) => setSelected(index), []),
    helpOpen,
    openHelp: useCallback(() => setHelpOpen(true), []),
    closeHelp: useCallback(() => setHelpOpen(false), []),
  };
}

/**
 * The list of shortcuts in a modal dialog: focus moves into it and returns where it was on close;
 * Escape closes it (the browser's own `<dialog>` behaviour).
 */
export function ShortcutHelp(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['queue', 'common']);
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!props.open && dialog.open) {
      dialog.close();
    }
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      className="shortcut-help"
      aria-labelledby="shortcut-help-title"
      onClose={() => {
        props.onClose();
        returnTo.current?.focus();
      }}
    >
      <h2 id="shortcut-help-title">{t('shortcuts.title')}</h2>
      <table className="shortcut-table">
        <caption className="sr-only">{t('shortcuts.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.key')}</th>
            <th scope="col">{t('shortcuts.does')}</th>
          </tr>
        </thead>
        <tbody>
          {QUEUE_SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.what}>
              <td>
                {shortcut.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </td>
              <td>{t(`shortcuts.${shortcut.what}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('shortcuts.whileTyping')}</p>
      <form method="dialog">
        <button type="submit" className="primary" autoFocus>
          {t('common:actions.close')}
        </button>
      </form>
    </dialog>
  );
}
