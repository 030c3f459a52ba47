import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { label } from '../lib/labels';
import { usePageKeys } from '../lib/page-keys';
import { ShortcutHelp } from './shortcut-help';
import './review-keys.css';

/** The review page's keys, as the help dialog lists them (texts in `review:keys.*`). */
export const REVIEW_SHORTCUTS = [
  { keys: ['j'], what: 'keys.next' },
  { keys: ['k'], what: 'keys.previous' },
  { keys: ['p'], what: 'keys.pass' },
  { keys: ['f'], what: 'keys.fail' },
  { keys: ['n'], what: 'keys.notApplicable' },
  { keys: ['r'], what: 'keys.reply' },
  { keys: ['?'], what: 'keys.showHelp' },
  { keys: ['Esc'], what: 'keys.escape' },
] as const;

const VERDICT_KEYS: Record<string, 'PASS' | 'FAIL' | 'NOT_APPLICABLE'> = { p: 'PASS', f: 'FAIL', n: 'NOT_APPLICABLE' };

const itemElement = (index: number) => document.querySelector<HTMLElement>(`[data-checklist-item="${index}"]`);

/**
 * j/k select the previous or next checklist item (and focus it, so a screen reader reads its name);
 * p, f and n give the selected item its verdict as its buttons would (f then focuses the reason);
 * r replies in the item's thread, or starts one about it; ? shows the help. Escape in an item's
 * comment field gives the focus back to the item. Nothing fires while the person types in a field,
 * holds a modifier, or a dialog is open. What a key did is said in `announcement` (a live region).
 */
export function useReviewKeys(props: {
  /** How many checklist items there are. */
  count: number;
  /** Whether the checklist is the tab shown; j/k bring it back when it is not. */
  checklistShown: boolean;
  showChecklist: () => void;
  /** Start a thread about the item with this key (none exists yet). */
  compose: (itemKey: string) => void;
}) {
  const { t } = useTranslation('review');
  const [selected, setSelected] = useState<number | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  // Read by the focus effect, which should not run again when only these change.
  const latest = useRef({ count: props.count, t });
  latest.current = { count: props.count, t };

  // A live region repeats nothing it already holds: clear it first, so the same words are said again.
  const announce = useCallback((text: string) => {
    setAnnouncement('');
    requestAnimationFrame(() => setAnnouncement(text));
  }, []);

  usePageKeys(
    (key, event) => {
      const { count, checklistShown, showChecklist, compose } = props;
      const element = selected === null ? null : itemElement(selected);
      const move = (delta: number) => {
        if (!count) return;
        event.preventDefault();
        if (!checklistShown) showChecklist();
        const next = selected === null ? (delta > 0 ? 0 : count - 1) : Math.min(count - 1, Math.max(0, selected + delta));
        setSelected(next);
        setFocusRequest((n) => n + 1);
      };
      switch (key) {
        case 'j':
          return move(1);
        case 'k':
          return move(-1);
        case 'p':
        case 'f':
        case 'n': {
          event.preventDefault();
          if (!element || !checklistShown) return announce(t('keys.noSelection'));
          const verdict = VERDICT_KEYS[key] ?? 'PASS';
          const button = element.querySelector<HTMLButtonElement>(`button[data-verdict="${verdict}"]`);
          if (!button) return announce(t('keys.readOnly'));
          button.click();
          return announce(t('keys.verdictGiven', { verdict: label('verdict', verdict), item: element.getAttribute('aria-label') ?? '' }));
        }
        case 'r': {
          event.preventDefault();
          if (!element || !checklistShown) return announce(t('keys.noSelection'));
          const thread = element.dataset.thread;
          const reply = thread ? document.querySelector<HTMLElement>(`[data-thread-reply="${thread}"]`) : null;
          if (reply) {
            reply.scrollIntoView({ block: 'center' });
            reply.focus();
            return;
          }
          compose(element.dataset.itemKey ?? '');
          return announce(t('keys.newThread', { item: element.getAttribute('aria-label') ?? '' }));
        }
        case '?':
          event.preventDefault();
          setHelpOpen(true);
          return;
      }
    },
    // Escape in an item's comment field gives the focus back to the item.
    (event) => {
      if (event.key !== 'Escape') return;
      const item = (event.target as HTMLElement).closest<HTMLElement>('[data-checklist-item]');
      if (item) {
        event.preventDefault();
        item.focus();
      }
    },
  );

  // After j/k (and the checklist tab's render, if it had to come back): focus the item and say where we are.
  useEffect(() => {
    if (selected === null || focusRequest === 0) return;
    const element = itemElement(selected);
    if (!element) return;
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: 'nearest' });
    const verdict = element.dataset.currentVerdict;
    announce(
      latest.current.t('keys.selected', {
        position: selected + 1,
        count: latest.current.count,
        item: element.getAttribute('aria-label') ?? '',
        verdict: verdict ? label('verdict', verdict) : latest.current.t('keys.noVerdict'),
      }),
    );
  }, [selected, focusRequest, props.checklistShown, announce]);

  // A shorter checklist (another template) keeps the selection inside it.
  useEffect(() => {
    if (selected !== null && selected >= props.count) setSelected(props.count ? props.count - 1 : null);
  }, [props.count, selected]);

  return {
    selected,
    select: useCallback((index: number) => setSelected(index), []),
    helpOpen,
    openHelp: useCallback(() => setHelpOpen(true), []),
    closeHelp: useCallback(() => setHelpOpen(false), []),
    announcement,
  };
}

/** The review page's keys in the shared help dialog. */
export function ReviewShortcutHelp(props: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('review');
  return (
    <ShortcutHelp
      id="review-keys"
      open={props.open}
      onClose={props.onClose}
      texts={{
        title: t('keys.help'),
        caption: t('keys.caption'),
        keyHeader: t('keys.key'),
        doesHeader: t('keys.does'),
        whileTyping: t('keys.whileTyping'),
        close: t('keys.close'),
      }}
      shortcuts={REVIEW_SHORTCUTS.map((shortcut) => ({ keys: shortcut.keys, does: t(shortcut.what) }))}
    />
  );
}
