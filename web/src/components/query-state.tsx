import type { CombinedError } from 'urql';
import { explainFailure } from '../lib/errors';

/** The loading and error states every page shows the same way: what went wrong and what happens next. */
export function QueryState(props: {
  fetching: boolean;
  error?: CombinedError | undefined;
  hasData: boolean;
  what: string;
  onRetry?: () => void;
}) {
  if (props.error) {
    const { kind, title, message } = explainFailure(props.error);
    // A refused session is handled by the shell (the sign-in form, then back here): no retry helps.
    const retry = props.onRetry && kind !== 'signed-out' && kind !== 'not-allowed' && kind !== 'not-found';
    return (
      <div className={`feedback ${kind === 'offline' ? 'warn' : 'error'}`} role="alert">
        <p>
          <strong>{props.hasData ? `Part of ${props.what} could not be loaded. ${title}.` : `Could not load ${props.what}. ${title}.`}</strong>{' '}
          {props.hasData && kind === 'offline' ? `${message} What you see may be out of date.` : message}
        </p>
        {retry && (
          <button type="button" className="secondary" onClick={props.onRetry}>
            Try again
          </button>
        )}
      </div>
    );
  }
  if (props.fetching && !props.hasData) {
    return (
      <p className="loading" aria-live="polite">
        Loading {props.what}…
      </p>
    );
  }
  return null;
}
