import { type ReactNode, useEffect, useRef } from 'react';
import type { CombinedError } from 'urql';
import { Link } from 'wouter';
import { failureKind } from '../lib/errors';

/**
 * A page for what is not there. Something the viewer may not see reads the same as something that
 * does not exist (as the API's `NotFoundError` does): another partner's app is not confirmed to exist.
 */
export function NotFoundPage(props: { what?: string; back?: { href: string; label: string } }) {
  const heading = useFocusedHeading();
  return (
    <section className="narrow error-page" aria-labelledby="not-found-title">
      <h1 id="not-found-title" ref={heading} tabIndex={-1}>
        Page not found
      </h1>
      <p>
        {props.what ? `There is no ${props.what} at this address` : 'There is nothing at this address'}, or it belongs to an account other than
        yours. It may have been deleted, or the link may be mistyped.
      </p>
      <ul className="plain">
        {props.back && (
          <li>
            <Link href={props.back.href}>{props.back.label}</Link>
          </li>
        )}
        <li>
          <Link href="/">Go to the start page</Link>
        </li>
      </ul>
    </section>
  );
}

/** A page the viewer's role may not open (a partner member on the staff's queue). */
export function NotAllowedPage(props: { reason: ReactNode }) {
  const heading = useFocusedHeading();
  return (
    <section className="narrow error-page" aria-labelledby="not-allowed-title">
      <h1 id="not-allowed-title" ref={heading} tabIndex={-1}>
        Not allowed
      </h1>
      <p>{props.reason}</p>
      <p className="muted">If you think your account should have access, ask the marketplace team.</p>
      <p>
        <Link href="/">Go to the start page</Link>
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
