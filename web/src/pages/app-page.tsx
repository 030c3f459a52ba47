import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { ActionFeedback, CapabilityButton, useAction } from '../components/action';
import { AdminPanel } from '../components/admin-panel';
import { Availability, StageBadge, StateFlags, StatusBadge } from '../components/badges';
import { HistoryList } from '../components/history-list';
import { ListingEditor, LogoUpload } from '../components/listing-editor';
import { ListingView } from '../components/listing-view';
import { ListingChangesPanel } from '../components/listing-changes';
import { isMissing, NotFoundPage } from '../components/error-pages';
import { QueryState } from '../components/query-state';
import { useLivePage } from '../components/live-notice';
import { graphql } from '../gql';
import { usePageQuery } from '../page-query';
import { formatDateTime, formatDuration } from '../lib/format';
import { label, rawId } from '../lib/labels';
import { isStaff, useViewer } from '../viewer';

const AppPage_AppQuery = graphql(`
  query AppPage_AppQuery($code: String!, $historyBefore: String) {
    sections {
      key
      name
    }
    policy {
      requiredLocales
      currencies
      listingEditsNeedReview
    }
    app(code: $code) {
      id
      code
      stage
      consultation
      consultationNote
      partnerState
      platformState
      platformDisabledReason
      available
      logoSvg
      createdAt
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
        waitingSeconds
        submittedAt
        openThreadCount
        queue {
          position
          length
          estimatedWaitSeconds
        }
      }
      viewerCan {
        createVersion {
          allowed
          reasons {
            code
            message
          }
        }
        requestConsultation {
          allowed
          reasons {
            code
            message
          }
        }
        setPartnerState {
          allowed
          reasons {
            code
            message
          }
        }
        delete {
          allowed
          reasons {
            code
            message
          }
        }
        updateListing {
          allowed
          reasons {
            code
            message
          }
        }
      }
      ...ListingEditor_App
      ...ListingView_App
      ...AdminPanel_App
      ...ListingChanges_App
      history(last: 20, before: $historyBefore) {
        edges {
          node {
            cursor
            ...HistoryList_Event
          }
        }
        pageInfo {
          hasPreviousPage
          startCursor
        }
      }
    }
  }
`);

const AppPage_RequestConsultationMutation = graphql(`
  mutation AppPage_RequestConsultationMutation($appId: ID!) {
    requestConsultation(appId: $appId) {
      __typename
      ...ActionResult_Error
      ... on MutationRequestConsultationSuccess {
        data {
          id
          consultation
          stage
        }
      }
    }
  }
`);

const AppPage_SetPartnerStateMutation = graphql(`
  mutation AppPage_SetPartnerStateMutation($appId: ID!, $online: Boolean!) {
    setPartnerState(appId: $appId, online: $online) {
      __typename
      ...ActionResult_Error
      ... on MutationSetPartnerStateSuccess {
        data {
          id
          partnerState
          available
        }
      }
    }
  }
`);

const AppPage_CreateVersionMutation = graphql(`
  mutation AppPage_CreateVersionMutation($appId: ID!, $version: String!) {
    createVersion(appId: $appId, version: $version) {
      __typename
      ...ActionResult_Error
      ... on MutationCreateVersionSuccess {
        data {
          id
          version
        }
      }
    }
  }
`);

const AppPage_DeleteAppMutation = graphql(`
  mutation AppPage_DeleteAppMutation($appId: ID!) {
    deleteApp(appId: $appId) {
      __typename
      ...ActionResult_Error
      ... on MutationDeleteAppSuccess {
        data {
          id
          deletedAt
        }
      }
    }
  }
`);

/** The page's one query (with the history's "load more"); a live subscription calls `refetch`. */
function useAppPage(code: string) {
  const { subject: app, ...rest } = usePageQuery(AppPage_AppQuery, { code }, (data) => data?.app ?? null, historyOfApp);
  return { ...rest, app };
}

const historyOfApp = <A extends { history: { pageInfo: { startCursor?: string | null } } }>(app: A) => app.history;

/** An app's workspace: its states, listing editor, versions, administration and history. */
export function AppPage(props: { code: string }) {
  const { t } = useTranslation('partner');
  const viewer = useViewer();
  const staff = isStaff(viewer);
  const [, navigate] = useLocation();
  const { app, data, fetching, error, refetch, loadMoreHistory } = useAppPage(props.code);
  const live = useLivePage('appEvents', app?.id ?? null, refetch);
  const [newVersion, setNewVersion] = useState('');
  const requestConsultation = useAction(AppPage_RequestConsultationMutation, (d) => d.requestConsultation, refetch);
  const setPartnerState = useAction(AppPage_SetPartnerStateMutation, (d) => d.setPartnerState, refetch);
  const createVersion = useAction(AppPage_CreateVersionMutation, (d) => d.createVersion, (version) =>
    navigate(`/apps/${encodeURIComponent(props.code)}/versions/${encodeURIComponent(version.id)}`),
  );
  const deleteApp = useAction(AppPage_DeleteAppMutation, (d) => d.deleteApp, () => navigate('/apps'));

  if (!app) {
    // Missing, or another partner's: the same page, so an address does not tell which.
    if ((data && !error) || isMissing(error)) return <NotFoundPage what={t('app.notFoundWhat')} back={{ href: '/apps', label: t('app.backToApps') }} />;
    return (
      <section>
        <QueryState fetching={fetching} error={error} hasData={false} what={t('app.what')} onRetry={refetch} />
        <Link href="/apps">{t('app.backToApps')}</Link>
      </section>
    );
  }

  const switchedOff = app.partnerState.includes('DISABLED');
  const versionLabels = Object.fromEntries(app.versions.map((v) => [rawId(v.id), v.version]));

  function submitVersion(event: FormEvent) {
    event.preventDefault();
    if (app && newVersion.trim() && !createVersion.pending) void createVersion.run({ appId: app.id, version: newVersion.trim() });
  }

  return (
    <section aria-labelledby="app-title" className="workspace">
      <nav aria-label={t('app.breadcrumb')} className="breadcrumb">
        <Link href="/apps">{staff ? t('apps.titleAll') : t('apps.titleMine')}</Link> › {app.listing?.name || app.code}
      </nav>
      <header className="page-head">
        <div>
          <h1 id="app-title">{app.listing?.name || app.code}</h1>
          <p className="meta">
            <code>{app.code}</code> · {app.partner.name} · {t('app.created', { date: formatDateTime(app.createdAt) })}
          </p>
          <p className="meta">
            <StageBadge stage={app.stage} /> <Availability available={app.available} /> <StateFlags name={t('states.partner')} flags={app.partnerState} />{' '}
            <StateFlags name={t('states.platform')} flags={app.platformState} /> · {t('app.consultation', { value: label('consultation', app.consultation) })}
          </p>
          {app.platformDisabledReason && app.platformState.includes('DISABLED') && (
            <p className="feedback warn">{t('app.suspended', { reason: app.platformDisabledReason })}</p>
          )}
          {app.consultationNote && <p className="muted">{t('app.consultationNote', { note: app.consultationNote })}</p>}
        </div>
        <button type="button" className="secondary" onClick={refetch}>
          {t('app.refresh')}
        </button>
      </header>
      {live.element}
      {error && <QueryState fetching={fetching} error={error} hasData what={t('app.whatPage')} onRetry={refetch} />}

      {!staff && (
        <section className="card" aria-labelledby="app-actions-title">
          <h2 id="app-actions-title">{t('app.actionsTitle')}</h2>
          <div className="button-row wrap">
            {app.consultation === 'NOT_REQUESTED' && (
              <CapabilityButton capability={app.viewerCan.requestConsultation} kind="primary" pending={requestConsultation.pending} onClick={() => void requestConsultation.run({ appId: app.id })}>
                {t('app.askConsultation')}
              </CapabilityButton>
            )}
            <CapabilityButton
              capability={app.viewerCan.setPartnerState}
              pending={setPartnerState.pending}
              onClick={() => void setPartnerState.run({ appId: app.id, online: switchedOff })}
            >
              {switchedOff ? t('app.switchOnline') : t('app.switchOff')}
            </CapabilityButton>
            <CapabilityButton
              capability={app.viewerCan.delete}
              kind="danger"
              pending={deleteApp.pending}
              onClick={() => {
                if (window.confirm(t('app.confirmDelete', { code: app.code }))) void deleteApp.run({ appId: app.id });
              }}
            >
              {t('app.delete')}
            </CapabilityButton>
          </div>
          <ActionFeedback outcome={requestConsultation.outcome} success={t('app.consultationRequested')} />
          <ActionFeedback outcome={setPartnerState.outcome} success={t('app.saved')} />
          <ActionFeedback outcome={deleteApp.outcome} />
        </section>
      )}

      <section className="card" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('app.versionsTitle')}</h2>
        {app.versions.length === 0 ? (
          <p className="empty">{t('app.noVersions')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('app.columns.version')}</th>
                  <th scope="col">{t('app.columns.status')}</th>
                  <th scope="col">{t('app.columns.turn')}</th>
                  <th scope="col">{t('app.columns.queue')}</th>
                  <th scope="col">{t('app.columns.openThreads')}</th>
                </tr>
              </thead>
              <tbody>
                {app.versions.map((version) => (
                  <tr key={version.id}>
                    <td data-label={t('app.columns.version')}>
                      <Link href={staff ? `/review/${encodeURIComponent(version.id)}` : `/apps/${encodeURIComponent(app.code)}/versions/${encodeURIComponent(version.id)}`}>
                        {version.version}
                      </Link>
                    </td>
                    <td data-label={t('app.columns.status')}>
                      <StatusBadge status={version.status} />
                    </td>
                    <td data-label={t('app.columns.turn')}>{label('turn', version.waitingOn)}</td>
                    <td data-label={t('app.columns.queue')}>
                      {version.queue
                        ? t('app.queuePlace', { position: version.queue.position, length: version.queue.length, wait: formatDuration(version.queue.estimatedWaitSeconds) })
                        : '—'}
                    </td>
                    <td data-label={t('app.columns.openThreads')}>{version.openThreadCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {!staff && (
          <form className="form-row" onSubmit={submitVersion}>
            <label>
              {t('app.newVersion')}
              <input type="text" placeholder={t('app.newVersionPlaceholder')} value={newVersion} onChange={(event) => setNewVersion(event.target.value)} disabled={!app.viewerCan.createVersion.allowed} />
            </label>
            <CapabilityButton
              capability={app.viewerCan.createVersion}
              pending={createVersion.pending}
              onClick={() => {
                if (newVersion.trim()) void createVersion.run({ appId: app.id, version: newVersion.trim() });
              }}
            >
              {t('app.startVersion')}
            </CapabilityButton>
          </form>
        )}
        <ActionFeedback outcome={createVersion.outcome} />
      </section>

      <ListingChangesPanel app={app} />

      <section className="card" aria-labelledby="listing-title">
        <h2 id="listing-title">{t('app.listingTitle')}</h2>
        {staff && !app.viewerCan.updateListing.allowed ? (
          <ListingView app={app} />
        ) : (
          <>
            <LogoUpload appId={app.id} logoSvg={app.logoSvg} allowed={app.viewerCan.updateListing.allowed} onChanged={refetch} />
            <ListingEditor
              key={app.id}
              app={app}
              sections={data?.sections ?? []}
              policy={data?.policy ?? null}
              reviewed={Boolean(data?.policy.listingEditsNeedReview) && app.versions.some((v) => v.status === 'LIVE')}
              onChanged={refetch}
            />
          </>
        )}
      </section>

      <AdminPanel app={app} onChanged={refetch} />

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">{t('app.historyTitle')}</h2>
        <HistoryList
          events={app.history.edges.map((edge) => edge.node)}
          hasMore={app.history.pageInfo.hasPreviousPage}
          loading={fetching}
          onLoadMore={loadMoreHistory}
          versionLabels={versionLabels}
        />
      </section>
    </section>
  );
}
