import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { explainFailure } from '../lib/errors';

/**
 * The loading and error states every page shows the same way: what went wrong and what happens next.
 * `what` names what the page loads, in the reader's language, as the object of "load" ("the sections").
 */
export function QueryState(props: {
  fetching: boolean;
  error?: CombinedError | undefined;
  hasData: boolean;
  what: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  if (props.error) {
    const { kind, title, message } = explainFailure(props.error);
    // A refused session is handled by the shell (the sign-in form, then back here): no retry helps.
    const retry = props.onRetry && kind !== 'signed-out' && kind !== 'not-allowed' && kind !== 'not-found';
    return (
      <div className={`feedback ${kind === 'offline' ? 'warn' : 'error'}`} role="alert">
        <p>
          <strong>{t(props.hasData ? 'queryState.partlyLoaded' : 'queryState.couldNotLoad', { what: props.what, title })}</strong>{' '}
          {props.hasData && kind === 'offline' ? t('queryState.outOfDate', { message }) : message}
        </p>
        {retry && (
          <button type="button" className="secondary" onClick={props.onRetry}>
            {t('actions.tryAgain')}
          </button>
        )}
      </div>
    );
  }
  if (props.fetching && !props.hasData) {
    return (
      <p className="loading" aria-live="polite">
        {t('queryState.loading', { what: props.what })}
      </p>
    );
  }
  return null;
}
