import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Link, useLocation } from 'wouter';
import { ActionFeedback, useAction } from '../components/action';
import { Availability, StageBadge, StateFlags, StatusBadge } from '../components/badges';
import { Logo } from '../components/logo';
import { SectionRequestPanel } from '../components/section-request-panel';
import { QueryState } from '../components/query-state';
import { graphql } from '../gql';
import { label } from '../lib/labels';
import { isStaff, useViewer } from '../viewer';

const AppsPage_AppsQuery = graphql(`
  query AppsPage_AppsQuery($search: String, $partner: Boolean!) {
    sectionRequests @include(if: $partner) {
      id
      ...SectionRequestPanel_Request
    }
    apps(first: 100, filter: { search: $search }) {
      edges {
        node {
          id
          code
          stage
          partnerState
          platformState
          available
          logoSvg
          listing {
            name
          }
          partner {
            id
            name
          }
          versions {
            id
            version
            status
            waitingOn
          }
        }
      }
    }
  }
`);

const AppsPage_CreateAppMutation = graphql(`
  mutation AppsPage_CreateAppMutation($code: String!, $name: String, $partnerId: ID) {
    createApp(code: $code, name: $name, partnerId: $partnerId) {
      __typename
      ...ActionResult_Error
      ... on MutationCreateAppSuccess {
        data {
          id
          code
        }
      }
    }
  }
`);

/** The page's one query; a live subscription calls `refetch`. */
function useApps(search: string, partner: boolean) {
  // Shown from the cache at once and revalidated: states and statuses change on other pages.
  const [result, reexecute] = useQuery({ query: AppsPage_AppsQuery, variables: { search: search.trim() || null, partner }, requestPolicy: 'cache-and-network' });
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  return { ...result, refetch };
}

/** A partner's apps (or, for staff, every app) with stage, both states and availability. */
export function AppsPage() {
  // The section-request panel's texts ('editor') load with the page's: asked for only when the
  // panel appears (after the apps arrive), they suspended the whole page behind "Loading…" again.
  const { t } = useTranslation(['partner', 'editor']);
  const viewer = useViewer();
  const staff = isStaff(viewer);
  const [search, setSearch] = useState('');
  const { data, fetching, error, refetch } = useApps(search, !staff);
  const apps = data?.apps.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-labelledby="apps-title">
      <div className="page-head">
        <h1 id="apps-title">{staff ? t('apps.titleAll') : t('apps.titleMine')}</h1>
      </div>
      {!staff && viewer && viewer.memberships.length > 0 && <CreateAppForm memberships={viewer.memberships} />}
      {!staff && viewer && viewer.memberships.length > 0 && data && (
        <SectionRequestPanel
          memberships={viewer.memberships}
          apps={apps.map((app) => ({ id: app.id, code: app.code, partnerId: app.partner.id }))}
          requests={data.sectionRequests ?? []}
          onRequested={refetch}
        />
      )}
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('apps.search')}
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
      </form>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what={t('apps.what')} onRetry={refetch} />
      {data && apps.length === 0 && <p className="empty">{search ? t('apps.noMatch') : t('apps.empty')}</p>}
      {apps.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t('apps.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('apps.columns.app')}</th>
                {staff && <th scope="col">{t('apps.columns.partner')}</th>}
                <th scope="col">{t('apps.columns.stage')}</th>
                <th scope="col">{t('apps.columns.states')}</th>
                <th scope="col">{t('apps.columns.availability')}</th>
                <th scope="col">{t('apps.columns.versions')}</th>
              </tr>
            </thead>
            <tbody>
              {apps.map((app) => (
                <tr key={app.id}>
                  <td data-label={t('apps.columns.app')}>
                    <div className="app-cell">
                      <Logo svg={app.logoSvg} size={32} />
                      <div>
                        <Link href={`/apps/${encodeURIComponent(app.code)}`}>{app.listing?.name || app.code}</Link>
                        <div className="muted small">
                          <code>{app.code}</code>
                        </div>
                      </div>
                    </div>
                  </td>
                  {staff && <td data-label={t('apps.columns.partner')}>{app.partner.name}</td>}
                  <td data-label={t('apps.columns.stage')}>
                    <StageBadge stage={app.stage} />
                  </td>
                  <td data-label={t('apps.columns.states')}>
                    <StateFlags name={t('states.partner')} flags={app.partnerState} />
                    <br />
                    <StateFlags name={t('states.platform')} flags={app.platformState} />
                  </td>
                  <td data-label={t('apps.columns.availability')}>
                    <Availability available={app.available} />
                  </td>
                  <td data-label={t('apps.columns.versions')}>
                    {app.versions.length === 0 ? (
                      <span className="muted">{t('apps.noVersions')}</span>
                    ) : (
                      <ul className="plain">
                        {app.versions.slice(0, 3).map((version) => (
                          <li key={version.id}>
                            <Link href={staff ? `/review/${encodeURIComponent(version.id)}` : `/apps/${encodeURIComponent(app.code)}/versions/${encodeURIComponent(version.id)}`}>
                              {version.version}
                            </Link>{' '}
                            <StatusBadge status={version.status} />
                            {version.waitingOn !== 'NONE' && <span className="muted small"> · {t('apps.turn', { turn: label('turn', version.waitingOn) })}</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CreateAppForm(props: { memberships: readonly { partner: { id: string; name: string } }[] }) {
  const { t } = useTranslation('partner');
  const [, navigate] = useLocation();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [partnerId, setPartnerId] = useState(props.memberships[0]?.partner.id ?? '');
  const create = useAction(AppsPage_CreateAppMutation, (d) => d.createApp, (app) => navigate(`/apps/${encodeURIComponent(app.code)}`));
  const problems = create.outcome && !create.outcome.ok ? create.outcome.problems : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim() || create.pending) return;
    void create.run({ code: code.trim(), name: name.trim() || null, partnerId: props.memberships.length > 1 ? partnerId : null });
  }

  return (
    <details className="card create-app">
      <summary>{t('apps.create.summary')}</summary>
      <form className="form-row" onSubmit={submit} noValidate>
        <label>
          {t('apps.create.code')}
          <input
            type="text"
            required
            value={code}
            onChange={(event) => setCode(event.target.value)}
            aria-describedby="code-help"
            aria-invalid={Boolean(problems.code) || undefined}
          />
          <span id="code-help" className="help">
            {t('apps.create.codeHelp')}
          </span>
          {problems.code && <span className="field-error">{problems.code.join(' ')}</span>}
        </label>
        <label>
          {t('apps.create.name')}
          <input type="text" value={name} onChange={(event) => setName(event.target.value)} aria-invalid={Boolean(problems.name) || undefined} />
          {problems.name && <span className="field-error">{problems.name.join(' ')}</span>}
        </label>
        {props.memberships.length > 1 && (
          <label>
            {t('apps.create.partner')}
            <select value={partnerId} onChange={(event) => setPartnerId(event.target.value)}>
              {props.memberships.map((m) => (
                <option key={m.partner.id} value={m.partner.id}>
                  {m.partner.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" className="primary" aria-disabled={!code.trim() || create.pending || undefined}>
          {create.pending ? t('apps.create.pending') : t('apps.create.submit')}
        </button>
      </form>
      <ActionFeedback outcome={create.outcome} />
    </details>
  );
}
