import { lazy, Suspense, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Provider, useMutation, useQuery } from 'urql';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { graphql } from './gql';
import { CatalogPage } from './pages/catalog-page';
import { SignInPage } from './pages/sign-in-page';
import { getToken, onTokenChangedElsewhere, type Session, SessionContext, setToken, useSession } from './session';
import { NotAllowedPage, NotFoundPage } from './components/error-pages';
import { failureSentence } from './lib/errors';
import { formatElapsed } from './lib/reconnect';
import { LiveContext, observeSocket, type SocketState } from './live';
import { AUTH_ERROR_CODES, createUrqlClient } from './urql';
import { InboxNavLink } from './components/inbox-badge';
import { AppShell_ViewerQuery, isStaff, userViewer, type Viewer, ViewerContext } from './viewer';

const AppShell_LogoutMutation = graphql(`
  mutation AppShell_LogoutMutation {
    logout
  }
`);

// Signed-in pages load on demand, so the catalog and sign-in stay light.
const AppPage = lazy(() => import('./pages/app-page').then((m) => ({ default: m.AppPage })));
const AppsPage = lazy(() => import('./pages/apps-page').then((m) => ({ default: m.AppsPage })));
const QueuePage = lazy(() => import('./pages/queue-page').then((m) => ({ default: m.QueuePage })));
const ReviewPage = lazy(() => import('./pages/review-page').then((m) => ({ default: m.ReviewPage })));
const TeamPage = lazy(() => import('./pages/team-page').then((m) => ({ default: m.TeamPage })));
const InvitationPage = lazy(() => import('./pages/invitation-page').then((m) => ({ default: m.InvitationPage })));
const AdminSectionsPage = lazy(() => import('./pages/admin-sections-page').then((m) => ({ default: m.AdminSectionsPage })));
const AdminTemplatePage = lazy(() => import('./pages/admin-template-page').then((m) => ({ default: m.AdminTemplatePage })));
const OperationsPage = lazy(() => import('./pages/operations-page').then((m) => ({ default: m.OperationsPage })));
const AccountPage = lazy(() => import('./pages/account-page').then((m) => ({ default: m.AccountPage })));
const InboxPage = lazy(() => import('./pages/inbox-page').then((m) => ({ default: m.InboxPage })));
const AdminPolicyPage = lazy(() => import('./pages/admin-policy-page').then((m) => ({ default: m.AdminPolicyPage })));
const AdminStaffPage = lazy(() => import('./pages/admin-staff-page').then((m) => ({ default: m.AdminStaffPage })));
const VersionPage = lazy(() => import('./pages/version-page').then((m) => ({ default: m.VersionPage })));

const ADMINS_ONLY = 'Marketplace administration is for admins.';
const isAdmin = (viewer: Viewer | null) => viewer?.staffRole === 'ADMIN';

/** Said on the sign-in page when the server refuses the session (expired, revoked, or a new secret). */
const SESSION_REFUSED = 'Your session has ended: the server no longer accepts it. Sign in again to continue.';
/** Said when another tab of this browser signed out (or lost the session): every tab shares one. */
const ENDED_ELSEWHERE = 'You were signed out in another tab. Sign in again to continue.';

/** The session and a GraphQL client per session, so signing out drops everything cached. */
export function Root() {
  const [token, setTokenState] = useState(getToken);
  const [notice, setNotice] = useState<string | null>(null);
  // Credentials refused on either transport: sign out, and say why on the sign-in page.
  const refused = useCallback((refusedToken: string | null) => {
    // Another tab changed the session meanwhile (signed out, or in anew): its storage event tells this tab.
    if (getToken() !== refusedToken) return;
    setToken(null);
    setTokenState(null);
    setNotice(SESSION_REFUSED);
  }, []);
  // A new client, with an empty cache, for every session.
  const { client, ws, live } = useMemo(() => {
    const created = createUrqlClient({ onAuthFailure: () => refused(token) });
    return { ...created, live: observeSocket(created.ws, created.reconnectNow) };
  }, [token, refused]);
  // One session per browser: another tab's sign-in, sign-out or refused token reaches this one.
  useEffect(
    () =>
      onTokenChangedElsewhere((next) => {
        setTokenState(next);
        setNotice(next ? null : ENDED_ELSEWHERE);
      }),
    [],
  );
  // Close the previous session's socket when the session changes.
  useEffect(() => () => void ws.dispose(), [ws]);
  // Back online, or back to the tab: no need to sit out the rest of a long backoff.
  useEffect(() => {
    const now = () => document.visibilityState === 'visible' && live.reconnectNow();
    window.addEventListener('online', now);
    document.addEventListener('visibilitychange', now);
    return () => {
      window.removeEventListener('online', now);
      document.removeEventListener('visibilitychange', now);
    };
  }, [live]);
  const session = useMemo<Session>(
    () => ({
      token,
      notice,
      signIn: (next) => {
        setToken(next);
        setTokenState(next);
        setNotice(null);
      },
      signOut: () => {
        setToken(null);
        setTokenState(null);
        setNotice(null);
      },
    }),
    [token, notice],
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

/**
 * While the live socket is down: says so, how long since the last live event, and that it is
 * coming back. Pages keep their data; they catch up and refetch when the socket returns.
 */
function OfflineBanner() {
  const live = useContext(LiveContext);
  const state = useSyncExternalStore(live?.onChange ?? noSubscription, live?.state ?? idleState);
  const [now, setNow] = useState(Date.now);
  const offline = state.status === 'offline';
  useEffect(() => {
    if (!offline) return;
    setNow(Date.now());
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [offline]);
  if (!offline || state.offlineSince === null) return null;
  const lastEventAt = live?.lastEventAt() ?? null;
  return (
    <div className="offline-banner" role="status">
      <strong>Offline: live updates stopped.</strong> Reconnecting… This page catches up when the connection is back.{' '}
      <span aria-live="off">
        {lastEventAt !== null ? `Last live update ${formatElapsed(now - lastEventAt)} ago` : `Connection lost ${formatElapsed(now - state.offlineSince)} ago`}.
      </span>{' '}
      <button type="button" className="link-button" onClick={() => live?.reconnectNow()}>
        Reconnect now
      </button>
    </div>
  );
}

const noSubscription = () => () => {};
const IDLE: SocketState = { status: 'idle', offlineSince: null };
const idleState = () => IDLE;

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
  const viewer = session.token ? userViewer(data?.viewer) : null;
  const [, logout] = useMutation(AppShell_LogoutMutation);
  // The browser forgets the token first, so every other tab hears "signed out in another tab" before
  // the server ends the session (and closes their sockets); the server is told with the token in hand,
  // so it is refused even if it was copied.
  const signOut = useCallback(() => {
    const token = session.token;
    // Sent before the token is forgotten, on this session's client; it leaves after the storage is cleared.
    if (token) void logout({}, { fetchOptions: { headers: { 'x-graphql-yoga-csrf': '1', authorization: `Bearer ${token}` } } });
    session.signOut();
  }, [logout, session]);
  const loadingViewer = Boolean(session.token) && fetching && !data;
  // The server refused the token (expired, signed out elsewhere, user disabled): sign in again.
  const tokenRefused = Boolean(session.token && error?.graphQLErrors.some((e) => AUTH_ERROR_CODES.has(String(e.extensions['code']))));

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
          {viewer?.account && <NavLink href="/account">Account</NavLink>}
          {viewer && !viewer.account && <NavLink href="/apps">{isStaff(viewer) ? 'All apps' : 'My apps'}</NavLink>}
          {viewer && !isStaff(viewer) && viewer.memberships.length > 0 && <InboxNavLink viewer={viewer} />}
          {viewer && viewer.memberships.length > 0 && <NavLink href="/team">Team</NavLink>}
          <NavLink href="/catalog">Catalog</NavLink>
          {isAdmin(viewer) && <NavLink href="/admin/sections">Sections</NavLink>}
          {isAdmin(viewer) && <NavLink href="/admin/policy">Policy</NavLink>}
          {isAdmin(viewer) && <NavLink href="/admin/staff">Staff</NavLink>}
          {isAdmin(viewer) && <NavLink href="/operations">Operations</NavLink>}
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
      <OfflineBanner />
      <main id="main" tabIndex={-1}>
        {session.token && error && !data && !tokenRefused && (
          <p className="feedback error" role="alert">
            Could not load your account. {failureSentence(error)}
          </p>
        )}
        {loadingViewer ? (
          <p className="loading" aria-live="polite">
            Loading your account…
          </p>
        ) : (
          <Routes viewer={viewer} tokenButNoViewer={tokenRefused || Boolean(session.token && data && !data.viewer)} notice={session.notice} />
        )}
      </main>
    </ViewerContext.Provider>
  );
}

function roleLabel(viewer: Viewer) {
  if (viewer.staffRole === 'ADMIN') return 'Admin';
  if (viewer.staffRole === 'REVIEWER') return 'Reviewer';
  if (viewer.account) return `${viewer.account.name} (administrator)`;
  const partners = viewer.memberships.map((m) => `${m.partner.name}${m.role === 'OWNER' ? ' (owner)' : ''}`);
  return partners.join(', ') || 'Member';
}

function Routes(props: { viewer: Viewer | null; tokenButNoViewer: boolean; notice: string | null }) {
  const { viewer } = props;
  const home = !viewer ? '/catalog' : isStaff(viewer) ? '/queue' : viewer.account ? '/account' : '/apps';
  // A token the server no longer accepts (expired): ask to sign in again.
  if (props.tokenButNoViewer) return <SignInPage expired />;
  return (
    <Suspense fallback={<p aria-live="polite">Loading…</p>}>
    <Switch>
      <Route path="/">
        <Redirect to={home} replace />
      </Route>
      <Route path="/catalog" component={CatalogPage} />
      <Route path="/invitation" component={InvitationPage} />
      <Route path="/sign-in">{viewer ? <Redirect to={home} replace /> : <SignInPage {...(props.notice ? { notice: props.notice } : {})} />}</Route>
      {!viewer && (
        <Route>
          <SignInPage notice={props.notice ?? 'Sign in to see this page.'} />
        </Route>
      )}
      <Route path="/queue">
        {isStaff(viewer) ? <QueuePage /> : (
          <NotAllowedPage
            reason={
              <>
                The moderation queue is for marketplace staff. Your apps and their reviews are under <Link href="/apps">My apps</Link>.
              </>
            }
          />
        )}
      </Route>
      <Route path="/operations">
        {viewer?.staffRole === 'ADMIN' ? <OperationsPage /> : <NotAllowedPage reason="The operations page is for marketplace admins." />}
      </Route>
      <Route path="/review/:versionId">{(params) => <ReviewPage versionId={params.versionId} />}</Route>
      <Route path="/apps" component={AppsPage} />
      <Route path="/account" component={AccountPage} />
      <Route path="/team" component={TeamPage} />
      <Route path="/inbox" component={InboxPage} />
      <Route path="/apps/:code">{(params) => <AppPage code={params.code} />}</Route>
      <Route path="/admin">
        <Redirect to="/admin/sections" replace />
      </Route>
      <Route path="/admin/sections">{isAdmin(viewer) ? <AdminSectionsPage /> : <NotAllowedPage reason={ADMINS_ONLY} />}</Route>
      <Route path="/admin/templates/:section">
        {(params) => (isAdmin(viewer) ? <AdminTemplatePage section={params.section} /> : <NotAllowedPage reason={ADMINS_ONLY} />)}
      </Route>
      <Route path="/admin/:page">
        {(params) =>
          viewer?.staffRole !== 'ADMIN' ? (
            <NotAllowedPage reason="The marketplace's policy and staff are managed by its admins." />
          ) : params.page === 'policy' ? (
            <AdminPolicyPage />
          ) : params.page === 'staff' ? (
            <AdminStaffPage />
          ) : (
            <NotFoundPage />
          )
        }
      </Route>
      <Route path="/apps/:code/versions/:versionId">
        {(params) => <VersionPage code={params.code} versionId={params.versionId} />}
      </Route>
      <Route>
        <NotFoundPage />
      </Route>
    </Switch>
    </Suspense>
  );
}
