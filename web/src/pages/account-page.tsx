import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useClient, useQuery } from 'urql';
import { useSearch } from 'wouter';
import { ActionFeedback, readResult, useAction } from '../components/action';
import { AppCard } from '../components/app-card';
import { QueryState } from '../components/query-state';
import { getFragmentData, graphql } from '../gql';
import type { Outcome } from '../lib/capabilities';
import { formatDateTime } from '../lib/format';
import { useViewer } from '../viewer';

/**
 * An installation as the page shows it. Connecting, granting and disconnecting answer with it, so
 * the cache holds its new state before the page reloads the list.
 */
const AccountPage_InstallationFragment = graphql(`
  fragment AccountPage_Installation on Installation {
    id
    status
    grantedScopes
    pendingScopes
    connectedAt
    app {
      id
      code
      listing(locale: $locale) {
        name
      }
    }
  }
`);

const AccountPage_Query = graphql(`
  query AccountPage_Query($locale: String) {
    viewer {
      id
      ... on User {
        account {
          id
          name
          country
          apiVersion
          installations {
            ...AccountPage_Installation
          }
          apiKeys {
            id
            name
            scopes
            createdAt
          }
        }
      }
    }
    scopes {
      key
      label
    }
    catalog(first: 100, locale: $locale) {
      edges {
        node {
          id
          code
          connectionMethod
          listing(locale: $locale) {
            name
          }
          permissions {
            key
            justification
          }
          ...AppCard_App
        }
      }
    }
  }
`);

const AccountPage_ConnectionPageQuery = graphql(`
  query AccountPage_ConnectionPageQuery($code: String!) {
    connectionPage(code: $code) {
      __typename
      ...ActionResult_Error
      ... on QueryConnectionPageSuccess {
        data
      }
    }
  }
`);

const AccountPage_ConnectSimplyMutation = graphql(`
  mutation AccountPage_ConnectSimplyMutation($code: String!, $scopes: [String!]!, $locale: String) {
    connectSimply(code: $code, consentedScopes: $scopes) {
      __typename
      ...ActionResult_Error
      ... on MutationConnectSimplySuccess {
        data {
          ...AccountPage_Installation
        }
      }
    }
  }
`);

const AccountPage_GrantMutation = graphql(`
  mutation AccountPage_GrantMutation($code: String!, $scopes: [String!]!, $locale: String) {
    grantInstallationScopes(code: $code, scopes: $scopes) {
      __typename
      ...ActionResult_Error
      ... on MutationGrantInstallationScopesSuccess {
        data {
          ...AccountPage_Installation
        }
      }
    }
  }
`);

const AccountPage_DisconnectMutation = graphql(`
  mutation AccountPage_DisconnectMutation($code: String!, $locale: String) {
    disconnectApp(code: $code) {
      __typename
      ...ActionResult_Error
      ... on MutationDisconnectAppSuccess {
        data {
          ...AccountPage_Installation
        }
      }
    }
  }
`);

const AccountPage_CreateKeyMutation = graphql(`
  mutation AccountPage_CreateKeyMutation($name: String!, $scopes: [String!]!) {
    createApiKey(name: $name, scopes: $scopes) {
      __typename
      ...ActionResult_Error
      ... on MutationCreateApiKeySuccess {
        data {
          secret
          apiKey {
            id
            name
          }
        }
      }
    }
  }
`);

const AccountPage_RevokeKeyMutation = graphql(`
  mutation AccountPage_RevokeKeyMutation($id: ID!) {
    revokeApiKey(id: $id) {
      __typename
      ...ActionResult_Error
      ... on MutationRevokeApiKeySuccess {
        data {
          id
          name
        }
      }
    }
  }
`);

/** The marketplace's locale for an account's country (the catalog's texts fall back to English). */
const localeOf = (country: string) => (['RU', 'KZ', 'BY'].includes(country) ? 'ru' : 'en');

/** Which action spoke last: only its feedback shows. */
type Last = 'connect' | 'grant' | 'disconnect' | 'revoke' | 'connectionPage';

/**
 * The account area of a customer's administrator: the marketplace as the account sees it, with
 * Connect on every app, its installations (permissions, consent, disconnect) and its API keys.
 */
export function AccountPage() {
  const { t } = useTranslation(['account', 'common']);
  const administered = useViewer()?.account;
  const locale = administered ? localeOf(administered.country) : 'en';
  const [{ data, fetching, error }, refetch] = useQuery({ query: AccountPage_Query, variables: { locale }, pause: !administered, requestPolicy: 'cache-and-network' });
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const search = useSearch();
  const connected = new URLSearchParams(search).get('connected');
  const client = useClient();
  const [consentFor, setConsentFor] = useState<string | null>(null);
  const [last, setLast] = useState<Last | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [connectionPage, setConnectionPage] = useState<Outcome<unknown> | null>(null);
  const connectSimply = useAction(AccountPage_ConnectSimplyMutation, (d) => d.connectSimply, () => {
    setConsentFor(null);
    reload();
  });
  const grant = useAction(AccountPage_GrantMutation, (d) => d.grantInstallationScopes, reload);
  const disconnect = useAction(AccountPage_DisconnectMutation, (d) => d.disconnectApp, reload);
  const revokeKey = useAction(AccountPage_RevokeKeyMutation, (d) => d.revokeApiKey, reload);
  const busy = opening !== null || connectSimply.pending || grant.pending || disconnect.pending || revokeKey.pending;
  // The consent panel opens above the catalog: bring it (and the reader's focus) there.
  useEffect(() => {
    if (consentFor) document.getElementById('consent-title')?.focus();
  }, [consentFor]);

  const viewer = data?.viewer?.__typename === 'User' ? data.viewer : null;
  const account = viewer?.account ?? null;
  if (!administered || (data && !account)) {
    return (
      <section aria-labelledby="account-title">
        <h1 id="account-title">{t('title')}</h1>
        <p className="empty">{t('noAccount')}</p>
      </section>
    );
  }
  if (!data || !account) return <QueryState fetching={fetching} error={error} hasData={false} what={t('what')} onRetry={reload} />;
  const installations = account.installations.map((i) => getFragmentData(AccountPage_InstallationFragment, i));
  const installed = new Map(installations.map((i) => [i.app.code, i]));
  const apps = data.catalog.edges.map((e) => e.node);
  const scopeLabel = new Map((data.scopes ?? []).map((s) => [s.key, s.label]));
  const scopeList = (scopes: readonly string[]) => scopes.map((s) => scopeLabel.get(s) ?? s).join(', ');
  const nameOf = (code: string) => installed.get(code)?.app.listing?.name ?? code;

  async function connect(code: string, method: string | null | undefined) {
    setLast('connectionPage');
    setConnectionPage(null);
    if (method === 'SIMPLE_CONNECTION') {
      setConsentFor(code);
      return;
    }
    setOpening(code);
    // The server names the only place to go: the app's registered connection page for this account.
    const result = await client.query(AccountPage_ConnectionPageQuery, { code }, { requestPolicy: 'network-only' }).toPromise();
    const outcome = readResult(result.data?.connectionPage, result.error);
    if (outcome.ok) {
      window.location.assign(outcome.data);
      return;
    }
    setOpening(null);
    setConnectionPage(outcome);
  }

  const consentApp = apps.find((app) => app.code === consentFor);
  const revoked = revokeKey.outcome?.ok ? revokeKey.outcome.data.name : '';

  return (
    <section aria-labelledby="account-title" className="account-page">
      <h1 id="account-title">{account.name}</h1>
      <dl className="facts">
        <dt>{t('address')}</dt>
        <dd>
          <code>{account.id}</code>
        </dd>
        <dt>{t('country')}</dt>
        <dd>{account.country}</dd>
        <dt>{t('apiVersion')}</dt>
        <dd>{account.apiVersion}</dd>
        <dt>{t('locale')}</dt>
        <dd>{locale}</dd>
      </dl>
      {connected && installed.has(connected) && (
        <p className="feedback ok" role="status">
          {t('connectedNotice', { name: nameOf(connected) })}
        </p>
      )}
      {last === 'connectionPage' && <ActionFeedback outcome={connectionPage} />}
      {last === 'grant' && <ActionFeedback outcome={grant.outcome} success={t('permissionsGranted')} />}
      {last === 'disconnect' && <ActionFeedback outcome={disconnect.outcome} success={t('disconnected')} />}
      {last === 'revoke' && <ActionFeedback outcome={revokeKey.outcome} success={t('revoked', { name: revoked })} />}
      {last === 'connect' && <ActionFeedback outcome={connectSimply.outcome} success={t('connectDone')} />}

      <h2>{t('installed')}</h2>
      {installations.length === 0 && <p className="empty">{t('noInstallations')}</p>}
      <ul className="plain installations">
        {installations.map((installation) => (
          <li key={installation.id} className="card" aria-label={installation.app.listing?.name ?? installation.app.code}>
            <h3>
              {installation.app.listing?.name ?? installation.app.code}{' '}
              <span className={`badge ${installation.status === 'ACTIVE' ? 'available' : 'status-changes_requested'}`}>
                {installation.status === 'ACTIVE' ? t('connected') : t('needsConsent')}
              </span>
            </h3>
            <p className="muted small">
              <Trans
                t={t}
                i18nKey="connectedOn"
                values={{ code: installation.app.code, date: formatDateTime(installation.connectedAt as string) }}
                components={{ 1: <code /> }}
              />
            </p>
            <p>{installation.grantedScopes.length ? t('granted', { scopes: scopeList(installation.grantedScopes) }) : t('grantedNothing')}</p>
            {installation.pendingScopes.length > 0 && (
              <p>
                <Trans t={t} i18nKey="newVersionRequests" values={{ scopes: scopeList(installation.pendingScopes) }} components={{ 1: <strong /> }} />{' '}
                <button
                  type="button"
                  className="primary"
                  aria-disabled={busy || undefined}
                  onClick={() => {
                    if (busy) return;
                    setLast('grant');
                    void grant.run({ code: installation.app.code, scopes: installation.pendingScopes, locale });
                  }}
                >
                  {t('grant')}
                </button>
              </p>
            )}
            <button
              type="button"
              className="secondary"
              aria-disabled={busy || undefined}
              onClick={() => {
                if (busy || !window.confirm(t('disconnectConfirm', { name: installation.app.listing?.name ?? installation.app.code }))) return;
                setLast('disconnect');
                void disconnect.run({ code: installation.app.code, locale });
              }}
            >
              {t('disconnect')}
            </button>
          </li>
        ))}
      </ul>

      <h2>{t('apiKeys')}</h2>
      <p className="muted">{t('apiKeysHelp')}</p>
      <CreateKeyForm scopes={data.scopes ?? []} onCreated={reload} />
      {account.apiKeys.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t('keysCaption', { account: account.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('columns.name')}</th>
                <th scope="col">{t('columns.permissions')}</th>
                <th scope="col">{t('columns.created')}</th>
                <th scope="col">
                  <span className="sr-only">{t('columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {account.apiKeys.map((key) => (
                <tr key={key.id}>
                  <td data-label={t('columns.name')}>{key.name}</td>
                  <td data-label={t('columns.permissions')}>{key.scopes.join(', ')}</td>
                  <td data-label={t('columns.created')}>{formatDateTime(key.createdAt as string)}</td>
                  <td data-label={t('columns.actions')}>
                    <button
                      type="button"
                      aria-label={t('revokeLabel', { name: key.name })}
                      aria-disabled={busy || undefined}
                      onClick={() => {
                        if (busy) return;
                        setLast('revoke');
                        void revokeKey.run({ id: key.id });
                      }}
                    >
                      {t('revoke')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('marketplace')}</h2>
      <p className="muted">{t('mayInstall', { account: account.name, country: account.country, apiVersion: account.apiVersion })}</p>
      {consentApp && (
        <div className="card consent" role="dialog" aria-labelledby="consent-title">
          <h3 id="consent-title" tabIndex={-1}>
            {t('connectTitle', { name: consentApp.listing?.name ?? consentApp.code })}
          </h3>
          <p>{t('consentAsk')}</p>
          <ul>
            {consentApp.permissions.map((p) => (
              <li key={p.key}>
                <strong>{scopeLabel.get(p.key) ?? p.key}</strong> <code>{p.key}</code> — {p.justification}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="primary"
            aria-disabled={busy || undefined}
            onClick={() => {
              if (busy) return;
              setLast('connect');
              void connectSimply.run({ code: consentApp.code, scopes: consentApp.permissions.map((p) => p.key), locale });
            }}
          >
            {connectSimply.pending ? t('connecting') : t('allowAndConnect')}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConsentFor(null)}>
            {t('common:actions.cancel')}
          </button>
        </div>
      )}
      <div className="grid">
        {apps.map((app) => (
          <AppCard
            key={app.id}
            app={app}
            locale={locale}
            actions={
              installed.has(app.code) ? (
                <p>
                  <span className="badge available">{t('connected')}</span>
                </p>
              ) : (
                <button
                  type="button"
                  className="primary"
                  aria-label={t('connectLabel', { code: app.code })}
                  aria-disabled={busy || undefined}
                  onClick={() => {
                    if (!busy) void connect(app.code, app.connectionMethod);
                  }}
                >
                  {opening === app.code ? t('connecting') : t('connect')}
                </button>
              )
            }
          />
        ))}
      </div>
    </section>
  );
}

/** Creates a key with the permissions ticked; shows its secret once. */
function CreateKeyForm(props: { scopes: { key: string; label: string }[]; onCreated: () => void }) {
  const { t } = useTranslation(['account', 'common']);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const create = useAction(AccountPage_CreateKeyMutation, (d) => d.createApiKey, () => {
    setName('');
    setChosen([]);
    props.onCreated();
  });
  const created = create.outcome?.ok ? create.outcome.data : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!create.pending) void create.run({ name, scopes: chosen });
  }

  return (
    <form className="card form" onSubmit={submit} aria-label={t('createKeyForm')}>
      <label>
        {t('columns.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('namePlaceholder')} required />
      </label>
      <fieldset>
        <legend>{t('columns.permissions')}</legend>
        <div className="checks">
          {props.scopes.map((scope) => (
            <label key={scope.key} className="inline">
              <input
                type="checkbox"
                checked={chosen.includes(scope.key)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, scope.key] : chosen.filter((k) => k !== scope.key))}
              />{' '}
              {scope.label} <code>{scope.key}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <ActionFeedback outcome={create.outcome} />
      <button type="submit" className="primary">
        {t('createKey')}
      </button>
      {created && (
        <div className="feedback ok" role="status">
          <p>
            <Trans t={t} i18nKey="keyCreated" values={{ name: created.apiKey.name }} components={{ 1: <strong /> }} />
          </p>
          <p>
            <code className="secret" data-testid="new-key-secret">
              {created.secret}
            </code>{' '}
            <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(created.secret)}>
              {t('copy')}
            </button>
          </p>
        </div>
      )}
    </form>
  );
}
