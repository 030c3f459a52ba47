import { type ReactNode, useEffect, useRef } from 'react';
import type { CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { failureKind } from '../lib/errors';

/**
 * A page for what is not there. Something the viewer may not see reads the same as something that
 * does not exist (as the API's `NotFoundError` does): another partner's app is not confirmed to exist.
 */
export function NotFoundPage(props: { what?: string; back?: { href: string; label: string } }) {
  const { t } = useTranslation();
  const heading = useFocusedHeading();
  return (
    <section className="narrow error-page" aria-labelledby="not-found-title">
      <h1 id="not-found-title" ref={heading} tabIndex={-1}>
        {t('errorPage.notFoundTitle')}
      </h1>
      <p>{props.what ? t('errorPage.notFoundWhat', { what: props.what }) : t('errorPage.notFoundAnything')}</p>
      <ul className="plain">
        {props.back && (
          <li>
            <Link href={props.back.href}>{props.back.label}</Link>
          </li>
        )}
        <li>
          <Link href="/">{t('errorPage.goHome')}</Link>
        </li>
      </ul>
    </section>
  );
}

/** A page the viewer's role may not open (a partner member on the staff's queue). */
export function NotAllowedPage(props: { reason: ReactNode }) {
  const { t } = useTranslation();
  const heading = useFocusedHeading();
  return (
    <section className="narrow error-page" aria-labelledby="not-allowed-title">
      <h1 id="not-allowed-title" ref={heading} tabIndex={-1}>
        {t('errorPage.notAllowedTitle')}
      </h1>
      <p>{props.reason}</p>
      <p className="muted">{t('errorPage.askForAccess')}</p>
      <p>
        <Link href="/">{t('errorPage.goHome')}</Link>
      </p>
    </section>
  );
}

/** Whether a page's query failed because its subject is missing or hidden from the viewer. */
export function isMissing(error: CombinedError | undefined): boolean {
  if (!error) return false;
  const kind = failureKind(error);
  return kind === 'not-found' || kind === 'not-allowed';
}

/** Screen-reader and keyboard users land on the heading that says what happened. */
function useFocusedHeading() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
