import { useEffect, useRef } from 'react';

/** What a page's help dialog lists, in the reader's language. */
export interface ShortcutHelpTexts {
  title: string;
  caption: string;
  keyHeader: string;
  doesHeader: string;
  whileTyping: string;
  close: string;
}

/**
 * A page's keyboard shortcuts in a modal dialog: focus moves into it and returns where it was on
 * close; Escape closes it (the browser's own `<dialog>` behaviour). The queue and the review page
 * each pass their own keys and words.
 */
export function ShortcutHelp(props: {
  id: string;
  open: boolean;
  onClose: () => void;
  texts: ShortcutHelpTexts;
  shortcuts: readonly { keys: readonly string[]; does: string }[];
}) {
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
  const { texts } = props;
  return (
    <dialog
      ref={ref}
      className="shortcut-help"
      aria-labelledby={`${props.id}-title`}
      onClose={() => {
        props.onClose();
        returnTo.current?.focus();
      }}
    >
      <h2 id={`${props.id}-title`}>{texts.title}</h2>
      <table className="shortcut-table">
        <caption className="sr-only">{texts.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{texts.keyHeader}</th>
            <th scope="col">{texts.doesHeader}</th>
          </tr>
        </thead>
        <tbody>
          {props.shortcuts.map((shortcut) => (
            <tr key={shortcut.does}>
              <td>
                {shortcut.keys.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </td>
              <td>{shortcut.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{texts.whileTyping}</p>
      <form method="dialog">
        <button type="submit" className="primary" autoFocus>
          {texts.close}
        </button>
      </form>
    </dialog>
  );
}
