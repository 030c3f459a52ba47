import { lazy, Suspense, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Provider, useMutation, useQuery } from 'urql';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { graphql } from './gql';
import { CatalogPage } from './pages/catalog-page';
import { SignInPage } from './pages/sign-in-page';
import { getToken, onTokenChangedElsewhere, type Session, SessionContext, setToken, useSession } from './session';
import { NotAllowedPage, NotFoundPage } from './components/error-pages';
import { failureSentence } from './lib/errors';
import { formatElapsed } from './lib/reconnect';
import { LiveContext, observeSocket, type SocketState } from './socket';
import { AUTH_ERROR_CODES, createUrqlClient } from './urql';
import { AppShell_ViewerQuery, isStaff, userViewer, type Viewer, ViewerContext } from './viewer';
import { type Language, LANGUAGES, currentLanguage, setLanguage } from './i18n';

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
const WebhooksPage = lazy(() => import('./pages/webhooks-page').then((m) => ({ default: m.WebhooksPage })));
const VersionPage = lazy(() => import('./pages/version-page').then((m) => ({ default: m.VersionPage })));

// Partner members only: it and the event texts it notifies with stay out of the catalog's first load.
const InboxNavLink = lazy(() => import('./components/inbox-badge').then((m) => ({ default: m.InboxNavLink })));

const isAdmin = (viewer: Viewer | null) => viewer?.staffRole === 'ADMIN';

/** The session and a GraphQL client per session, so signing out drops everything cached. */
export function Root() {
  // Every page re-renders in the new language when the reader picks one.
  const { t } = useTranslation();
  const [token, setTokenState] = useState(getToken);
  const [notice, setNotice] = useState<string | null>(null);
  // Credentials refused on either transport: sign out, and say why on the sign-in page.
  const refused = useCallback((refusedToken: string | null) => {
    // Another tab changed the session meanwhile (signed out, or in anew): its storage event tells this tab.
    if (getToken() !== refusedToken) return;
    setToken(null);
    setTokenState(null);
    setNotice(t('session.refused'));
  }, [t]);
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
        setNotice(next ? null : t('session.endedElsewhere'));
      }),
    [t],
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
  const { t } = useTranslation();
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
      <strong>{t('offline.title')}</strong> {t('offline.reconnecting')}{' '}
      <span aria-live="off">
        {lastEventAt !== null
          ? t('offline.lastEvent', { elapsed: formatElapsed(now - lastEventAt) })
          : t('offline.lost', { elapsed: formatElapsed(now - state.offlineSince) })}
      </span>{' '}
      <button type="button" className="link-button" onClick={() => live?.reconnectNow()}>
        {t('offline.reconnectNow')}
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

/** The reader's language, kept in this browser (every tab follows). */
function LanguagePicker() {
  const { t } = useTranslation();
  return (
    <label className="language-picker">
      <span className="sr-only">{t('language.label')}</span>
      <select value={currentLanguage()} onChange={(event) => void setLanguage(event.target.value as Language)}>
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function AppShell() {
  const { t } = useTranslation();
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
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          {t('brand')}
        </Link>
        <nav aria-label={t('nav.main')}>
          {isStaff(viewer) && <NavLink href="/queue">{t('nav.queue')}</NavLink>}
          {viewer?.account && <NavLink href="/account">{t('nav.account')}</NavLink>}
          {viewer && !viewer.account && <NavLink href="/apps">{isStaff(viewer) ? t('nav.allApps') : t('nav.myApps')}</NavLink>}
          {viewer && !isStaff(viewer) && viewer.memberships.length > 0 && (
            <Suspense fallback={null}>
              <InboxNavLink viewer={viewer} />
            </Suspense>
          )}
          {viewer && viewer.memberships.length > 0 && <NavLink href="/team">{t('nav.team')}</NavLink>}
          {viewer && viewer.memberships.length > 0 && <NavLink href="/webhooks">{t('nav.webhooks')}</NavLink>}
          <NavLink href="/catalog">{t('nav.catalog')}</NavLink>
          {isAdmin(viewer) && <NavLink href="/admin/sections">{t('nav.sections')}</NavLink>}
          {isAdmin(viewer) && <NavLink href="/admin/policy">{t('nav.policy')}</NavLink>}
          {isAdmin(viewer) && <NavLink href="/admin/staff">{t('nav.staff')}</NavLink>}
          {isAdmin(viewer) && <NavLink href="/operations">{t('nav.operations')}</NavLink>}
          <a href="/graphql">{t('nav.graphiql')}</a>
        </nav>
        <div className="who">
          <LanguagePicker />
          {viewer ? (
            <>
              <span>
                {viewer.name}{' '}
                <span className="role">{roleLabel(viewer, t)}</span>
              </span>
              <button type="button" className="link-button" onClick={signOut}>
                {t('nav.signOut')}
              </button>
            </>
          ) : (
            !loadingViewer && <NavLink href="/sign-in">{t('nav.signIn')}</NavLink>
          )}
        </div>
      </header>
      <OfflineBanner />
      <main id="main" tabIndex={-1}>
        {session.token && error && !data && !tokenRefused && (
          <p className="feedback error" role="alert">
            {t('session.couldNotLoadAccount', { reason: failureSentence(error) })}
          </p>
        )}
        {loadingViewer ? (
          <p className="loading" aria-live="polite">
            {t('session.loadingAccount')}
          </p>
        ) : (
          <Routes viewer={viewer} tokenButNoViewer={tokenRefused || Boolean(session.token && data && !data.viewer)} notice={session.notice} />
        )}
      </main>
    </ViewerContext.Provider>
  );
}

function roleLabel(viewer: Viewer, t: TFunction) {
  if (viewer.staffRole === 'ADMIN') return t('role.admin');
  if (viewer.staffRole === 'REVIEWER') return t('role.reviewer');
  if (viewer.account) return t('role.accountAdministrator', { account: viewer.account.name });
  const partners = viewer.memberships.map((m) => (m.role === 'OWNER' ? t('role.owner', { partner: m.partner.name }) : m.partner.name));
  return partners.join(', ') || t('role.member');
}

function Routes(props: { viewer: Viewer | null; tokenButNoViewer: boolean; notice: string | null }) {
  const { t } = useTranslation();
  const { viewer } = props;
  const home = !viewer ? '/catalog' : isStaff(viewer) ? '/queue' : viewer.account ? '/account' : '/apps';
  // A token the server no longer accepts (expired): ask to sign in again.
  if (props.tokenButNoViewer) return <SignInPage expired />;
  return (
    <Suspense fallback={<p aria-live="polite">{t('loading')}</p>}>
    <Switch>
      <Route path="/">
        <Redirect to={home} replace />
      </Route>
      <Route path="/catalog" component={CatalogPage} />
      <Route path="/invitation" component={InvitationPage} />
      <Route path="/sign-in">{viewer ? <Redirect to={home} replace /> : <SignInPage {...(props.notice ? { notice: props.notice } : {})} />}</Route>
      {!viewer && (
        <Route>
          <SignInPage notice={props.notice ?? t('session.signInToSee')} />
        </Route>
      )}
      <Route path="/queue">
        {isStaff(viewer) ? <QueuePage /> : (
          <NotAllowedPage
            reason={
              <>
                {t('access.queueForStaff')} <Link href="/apps">{t('access.toMyApps')}</Link>
              </>
            }
          />
        )}
      </Route>
      <Route path="/operations">
        {viewer?.staffRole === 'ADMIN' ? <OperationsPage /> : <NotAllowedPage reason={t('access.operationsForAdmins')} />}
      </Route>
      <Route path="/review/:versionId">{(params) => <ReviewPage versionId={params.versionId} />}</Route>
      <Route path="/apps" component={AppsPage} />
      <Route path="/account" component={AccountPage} />
      <Route path="/team" component={TeamPage} />
      <Route path="/webhooks" component={WebhooksPage} />
      <Route path="/inbox" component={InboxPage} />
      <Route path="/apps/:code">{(params) => <AppPage code={params.code} />}</Route>
      <Route path="/admin">
        <Redirect to="/admin/sections" replace />
      </Route>
      <Route path="/admin/sections">{isAdmin(viewer) ? <AdminSectionsPage /> : <NotAllowedPage reason={t('access.adminsOnly')} />}</Route>
      <Route path="/admin/templates/:section">
        {(params) => (isAdmin(viewer) ? <AdminTemplatePage section={params.section} /> : <NotAllowedPage reason={t('access.adminsOnly')} />)}
      </Route>
      <Route path="/admin/:page">
        {(params) =>
          viewer?.staffRole !== 'ADMIN' ? (
            <NotAllowedPage reason={t('access.policyAndStaffForAdmins')} />
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
