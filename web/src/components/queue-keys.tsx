import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageKeys } from '../lib/page-keys';
import { ShortcutHelp } from './shortcut-help';

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

/**
 * j/k move the selection (and focus the row's link, so Enter opens it as any link would), Enter
 * opens, c claims, / searches, ? shows the help. Nothing fires while the person types in a field,
 * holds a modifier, or a dialog is open.
 */
export function useQueueKeys(props: { count: number; open: (index: number) => void; claim: (index: number) => void }) {
  const [selected, setSelected] = useState<number | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);

  const focusRow = (index: number) => {
    document.querySelector<HTMLElement>(`[data-queue-row="${index}"]`)?.focus();
  };

  usePageKeys((key, event) => {
    const { count, open, claim } = props;
    const move = (delta: number) => {
      if (!count) return;
      event.preventDefault();
      setSelected((current) => {
        const next = current === null ? (delta > 0 ? 0 : count - 1) : Math.min(count - 1, Math.max(0, current + delta));
        focusRow(next);
        return next;
      });
    };
    switch (key) {
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
  });

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

/** The queue's keys in the shared help dialog. */
export function QueueShortcutHelp(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['queue', 'common']);
  return (
    <ShortcutHelp
      id="shortcut-help"
      open={props.open}
      onClose={props.onClose}
      texts={{
        title: t('shortcuts.title'),
        caption: t('shortcuts.caption'),
        keyHeader: t('shortcuts.key'),
        doesHeader: t('shortcuts.does'),
        whileTyping: t('shortcuts.whileTyping'),
        close: t('common:actions.close'),
      }}
      shortcuts={QUEUE_SHORTCUTS.map((shortcut) => ({ keys: shortcut.keys, does: t(`shortcuts.${shortcut.what}`) }))}
    />
  );
}
