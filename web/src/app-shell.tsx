import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Provider, useMutation, useQuery } from 'urql';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { graphql } from './gql';
import { CatalogPage } from './pages/catalog-page';
import { SignInPage } from './pages/sign-in-page';
import { getToken, type Session, SessionContext, setToken, useSession } from './session';
import { LiveContext, observeSocket } from './live';
import { createUrqlClient } from './urql';
import { AppShell_ViewerQuery, isStaff, type Viewer, ViewerContext } from './viewer';

const AppShell_LogoutMutation = graphql(`
  mutation AppShell_LogoutMutation {
    logout
  }
`);

/** The `extensions.code`s of a token the server refuses (HTTP 401). */
const REFUSED_TOKEN_CODES = new Set(['TOKEN_EXPIRED', 'SESSION_ENDED', 'UNAUTHENTICATED']);

// Signed-in pages load on demand, so the catalog and sign-in stay light.
const AppPage = lazy(() => import('./pages/app-page').then((m) => ({ default: m.AppPage })));
const AppsPage = lazy(() => import('./pages/apps-page').then((m) => ({ default: m.AppsPage })));
const QueuePage = lazy(() => import('./pages/queue-page').then((m) => ({ default: m.QueuePage })));
const ReviewPage = lazy(() => import('./pages/review-page').then((m) => ({ default: m.ReviewPage })));
const VersionPage = lazy(() => import('./pages/version-page').then((m) => ({ default: m.VersionPage })));

/** The session and a GraphQL client per session, so signing out drops everything cached. */
export function Root() {
  const [token, setTokenState] = useState(getToken);
  // A new client, with an empty cache, for every session.
  const { client, ws, live } = useMemo(() => {
    const created = createUrqlClient();
    return { ...created, live: observeSocket(created.ws) };
  }, [token]);
  // Close the previous session's socket when the session changes.
  useEffect(() => () => void ws.dispose(), [ws]);
  const session = useMemo<Session>(
    () => ({
      token,
      signIn: (next) => {
        setToken(next);
        setTokenState(next);
      },
      signOut: () => {
        setToken(null);
        setTokenState(null);
      },
    }),
    [token],
  );
  return (
    <SessionContext.Provider value={session}>
      <Provider value={client}>
        <LiveContext.Provider value={live}>
          <AppShell />
        </LiveContext.Provider>
      </Provider>
    </SessionContext.Provider>
  );
}

function NavLink(props: { href: string; children: string; exact?: boolean }) {
  const [location] = useLocation();
  const current = props.exact ? location === props.href : location === props.href || location.startsWith(`${props.href}/`);
  return (
    <Link href={props.href} aria-current={current ? 'page' : undefined}>
      {props.children}
    </Link>
  );
}

function AppShell() {
  const session = useSession();
  const [{ data, fetching, error }] = useQuery({ query: AppShell_ViewerQuery, pause: !session.token });
  const viewer = session.token ? (data?.viewer ?? null) : null;
  const [, logout] = useMutation(AppShell_LogoutMutation);
  // The server ends the session first, so the token is refused even if it was copied; the tab
  // forgets it whatever the server answers.
  const signOut = useCallback(() => void logout({}).finally(() => session.signOut()), [logout, session]);
  const loadingViewer = Boolean(session.token) && fetching && !data;
  // The server refused the token (expired, signed out elsewhere, user disabled): sign in again.
  const tokenRefused = Boolean(session.token && error?.graphQLErrors.some((e) => REFUSED_TOKEN_CODES.has(String(e.extensions['code']))));

  return (
    <ViewerContext.Provider value={viewer}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Vetline
        </Link>
        <nav aria-label="Main">
          {isStaff(viewer) && <NavLink href="/queue">Moderation queue</NavLink>}
          {viewer && <NavLink href="/apps">{isStaff(viewer) ? 'All apps' : 'My apps'}</NavLink>}
          <NavLink href="/catalog">Catalog</NavLink>
          <a href="/graphql">GraphiQL</a>
        </nav>
        <div className="who">
          {viewer ? (
            <>
              <span>
                {viewer.name}{' '}
                <span className="role">{roleLabel(viewer)}</span>
              </span>
              <button type="button" className="link-button" onClick={signOut}>
                Sign out
              </button>
            </>
          ) : (
            !loadingViewer && <NavLink href="/sign-in">Sign in</NavLink>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {session.token && error && !data && !tokenRefused && (
          <p className="feedback error" role="alert">
            Could not load your account: {error.message}
          </p>
        )}
        {loadingViewer ? (
          <p className="loading" aria-live="polite">
            Loading your account…
          </p>
        ) : (
          <Routes viewer={viewer} tokenButNoViewer={tokenRefused || Boolean(session.token && data && !data.viewer)} />
        )}
      </main>
    </ViewerContext.Provider>
  );
}

function roleLabel(viewer: Viewer) {
  if (viewer.staffRole === 'ADMIN') return 'Admin';
  if (viewer.staffRole === 'REVIEWER') return 'Reviewer';
  const partners = viewer.memberships.map((m) => `${m.partner.name}${m.role === 'OWNER' ? ' (owner)' : ''}`);
  return partners.join(', ') || 'Member';
}

function Routes(props: { viewer: Viewer | null; tokenButNoViewer: boolean }) {
  const { viewer } = props;
  const home = !viewer ? '/catalog' : isStaff(viewer) ? '/queue' : '/apps';
  // A token the server no longer accepts (expired): ask to sign in again.
  if (props.tokenButNoViewer) return <SignInPage expired />;
  return (
    <Suspense fallback={<p aria-live="polite">Loading…</p>}>
    <Switch>
      <Route path="/">
        <Redirect to={home} replace />
      </Route>
      <Route path="/catalog" component={CatalogPage} />
      <Route path="/sign-in">{viewer ? <Redirect to={home} replace /> : <SignInPage />}</Route>
      {!viewer && (
        <Route>
          <SignInPage notice="Sign in to see this page." />
        </Route>
      )}
      <Route path="/queue">{isStaff(viewer) ? <QueuePage /> : <NotFound />}</Route>
      <Route path="/review/:versionId">{(params) => <ReviewPage versionId={params.versionId} />}</Route>
      <Route path="/apps" component={AppsPage} />
      <Route path="/apps/:code">{(params) => <AppPage code={params.code} />}</Route>
      <Route path="/apps/:code/versions/:versionId">
        {(params) => <VersionPage code={params.code} versionId={params.versionId} />}
      </Route>
      <Route component={NotFound} />
    </Switch>
    </Suspense>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link href="/">Go to the start page</Link>
      </p>
    </section>
  );
}
