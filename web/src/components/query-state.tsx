import type { CombinedError } from 'urql';

/** The loading and error states every page shows the same way. */
export function QueryState(props: {
  fetching: boolean;
  error?: CombinedError | undefined;
  hasData: boolean;
  what: string;
  onRetry?: () => void;
}) {
  if (props.error) {
    return (
      <div className="feedback error" role="alert">
        <p>
          {props.hasData ? `Part of ${props.what} could not be loaded` : `Could not load ${props.what}`}: {props.error.message}
        </p>
        {props.onRetry && (
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
