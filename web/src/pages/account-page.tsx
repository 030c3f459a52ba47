import { type FormEvent, useEffect, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { useSearch } from 'wouter';
import { AppCard } from '../components/app-card';
import { graphql } from '../gql';
import { failureSentence, typedErrorMessage, type TransportErrorLike } from '../lib/errors';
import { useViewer } from '../viewer';

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
      ... on QueryConnectionPageSuccess {
        data
      }
      ... on Error {
        message
      }
      ... on ActionRefused {
        reasons {
          message
        }
      }
      ... on ValidationError {
        problems {
          message
        }
      }
    }
  }
`);

const AccountPage_ConnectSimplyMutation = graphql(`
  mutation AccountPage_ConnectSimplyMutation($code: String!, $scopes: [String!]!) {
    connectSimply(code: $code, consentedScopes: $scopes) {
      __typename
      ... on Error {
        message
      }
      ... on ActionRefused {
        reasons {
          message
        }
      }
      ... on ValidationError {
        problems {
          message
        }
      }
    }
  }
`);

const AccountPage_GrantMutation = graphql(`
  mutation AccountPage_GrantMutation($code: String!, $scopes: [String!]!) {
    grantInstallationScopes(code: $code, scopes: $scopes) {
      __typename
      ... on Error {
        message
      }
      ... on ValidationError {
        problems {
          message
        }
      }
    }
  }
`);

const AccountPage_DisconnectMutation = graphql(`
  mutation AccountPage_DisconnectMutation($code: String!) {
    disconnectApp(code: $code) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

const AccountPage_CreateKeyMutation = graphql(`
  mutation AccountPage_CreateKeyMutation($name: String!, $scopes: [String!]!) {
    createApiKey(name: $name, scopes: $scopes) {
      __typename
      ... on MutationCreateApiKeySuccess {
        data {
          secret
          apiKey {
            id
            name
          }
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        problems {
          field
          message
        }
      }
    }
  }
`);

const AccountPage_RevokeKeyMutation = graphql(`
  mutation AccountPage_RevokeKeyMutation($id: ID!) {
    revokeApiKey(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

/** A typed refusal with its details, or a transport failure, as one sentence; null on success. */
type Answer = {
  __typename?: string;
  message?: string;
  reasons?: { message: string }[];
  problems?: { message: string }[];
} | null | undefined;
function outcome(payload: Answer, error: TransportErrorLike | undefined): string | null {
  if (error && !payload) return failureSentence(error);
  if (!payload || payload.__typename?.endsWith('Success')) return null;
  const details = [...(payload.reasons ?? []), ...(payload.problems ?? [])].map((d) => d.message);
  return [typedErrorMessage(payload), ...details].join(' ');
}

/** The marketplace's locale for an account's country (the catalog's texts fall back to English). */
const localeOf = (country: string) => (['RU', 'KZ', 'BY'].includes(country) ? 'ru' : 'en');

/**
 * The account area of a customer's administrator: the marketplace as the account sees it, with
 * Connect on every app, its installations (permissions, consent, disconnect) and its API keys.
 */
export function AccountPage() {
  const administered = useViewer()?.account;
  const locale = administered ? localeOf(administered.country) : 'en';
  const [{ data, error }, refetch] = useQuery({ query: AccountPage_Query, variables: { locale }, pause: !administered, requestPolicy: 'cache-and-network' });
  const search = useSearch();
  const connected = new URLSearchParams(search).get('connected');
  const client = useClient();
  const [, connectSimply] = useMutation(AccountPage_ConnectSimplyMutation);
  const [, grant] = useMutation(AccountPage_GrantMutation);
  const [, disconnect] = useMutation(AccountPage_DisconnectMutation);
  const [, revokeKey] = useMutation(AccountPage_RevokeKeyMutation);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [consentFor, setConsentFor] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The consent panel opens above the catalog: bring it (and the reader's focus) there.
  useEffect(() => {
    if (consentFor) document.getElementById('consent-title')?.focus();
  }, [consentFor]);

  const viewer = data?.viewer?.__typename === 'User' ? data.viewer : null;
  const account = viewer?.account ?? null;
  if (!administered || (data && !account)) {
    return (
      <section aria-labelledby="account-title">
        <h1 id="account-title">Account</h1>
        <p className="empty">You administer no customer account. The account area is for a store's administrator.</p>
      </section>
    );
  }
  if (error && !data) return <p className="feedback error" role="alert">{failureSentence(error)}</p>;
  if (!data || !account) return <p aria-live="polite">Loading…</p>;
  const loaded = data;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const installed = new Map(account.installations.map((i) => [i.app.code, i]));
  const apps = data.catalog.edges.map((e) => e.node);
  const scopeLabel = new Map((loaded.scopes ?? []).map((s) => [s.key, s.label]));
  const nameOf = (code: string) => installed.get(code)?.app.listing?.name ?? code;

  async function act(key: string, run: () => Promise<string | null>, done?: string) {
    setBusy(key);
    setMessage(null);
    const refused = await run();
    setBusy(null);
    setMessage(refused ? { kind: 'error', text: refused } : done ? { kind: 'ok', text: done } : null);
    reload();
  }

  async function connect(code: string, method: string | null | undefined) {
    if (method === 'SIMPLE_CONNECTION') {
      setConsentFor(code);
      return;
    }
    setBusy(code);
    setMessage(null);
    // The server names the only place to go: the app's registered connection page for this account.
    const result = await client.query(AccountPage_ConnectionPageQuery, { code }, { requestPolicy: 'network-only' }).toPromise();
    const answer = result.data?.connectionPage;
    if (answer?.__typename === 'QueryConnectionPageSuccess') {
      window.location.assign(answer.data);
      return;
    }
    setBusy(null);
    setMessage({ kind: 'error', text: outcome(answer, result.error) ?? 'Could not open the connection page.' });
  }

  const consentApp = apps.find((app) => app.code === consentFor);

  return (
    <section aria-labelledby="account-title" className="account-page">
      <h1 id="account-title">{account.name}</h1>
      <dl className="facts">
        <dt>Address</dt>
        <dd>
          <code>{account.id}</code>
        </dd>
        <dt>Country</dt>
        <dd>{account.country}</dd>
        <dt>API version</dt>
        <dd>{account.apiVersion}</dd>
        <dt>Locale</dt>
        <dd>{locale}</dd>
      </dl>
      {connected && installed.has(connected) && (
        <p className="feedback ok" role="status">
          {nameOf(connected)} is connected.
        </p>
      )}
      {message && (
        <p className={`feedback ${message.kind === 'error' ? 'error' : 'ok'}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}

      <h2>Installed apps</h2>
      {account.installations.length === 0 && <p className="empty">No app is connected yet: connect one from the marketplace below.</p>}
      <ul className="plain installations">
        {account.installations.map((installation) => (
          <li key={installation.id} className="card" aria-label={installation.app.listing?.name ?? installation.app.code}>
            <h3>
              {installation.app.listing?.name ?? installation.app.code}{' '}
              <span className={`badge ${installation.status === 'ACTIVE' ? 'available' : 'status-changes_requested'}`}>
                {installation.status === 'ACTIVE' ? 'Connected' : 'Needs consent'}
              </span>
            </h3>
            <p className="muted small">
              <code>{installation.app.code}</code> · connected {new Date(installation.connectedAt as string).toLocaleDateString()}
            </p>
            <p>
              Granted: {installation.grantedScopes.length ? installation.grantedScopes.map((s) => scopeLabel.get(s) ?? s).join(', ') : 'nothing'}
            </p>
            {installation.pendingScopes.length > 0 && (
              <p>
                A new version requests: <strong>{installation.pendingScopes.map((s) => scopeLabel.get(s) ?? s).join(', ')}</strong>{' '}
                <button
                  type="button"
                  className="primary"
                  aria-disabled={busy !== null || undefined}
                  onClick={() =>
                    act(installation.id, () => grant({ code: installation.app.code, scopes: installation.pendingScopes }).then((r) => outcome(r.data?.grantInstallationScopes, r.error)), 'Permissions granted.')
                  }
                >
                  Grant
                </button>
              </p>
            )}
            <button
              type="button"
              className="secondary"
              aria-disabled={busy !== null || undefined}
              onClick={() => {
                if (!window.confirm(`Disconnect ${installation.app.listing?.name ?? installation.app.code}? Its API key is revoked.`)) return;
                void act(installation.id, () => disconnect({ code: installation.app.code }).then((r) => outcome(r.data?.disconnectApp, r.error)), 'Disconnected.');
              }}
            >
              Disconnect
            </button>
          </li>
        ))}
      </ul>

      <h2>API keys</h2>
      <p className="muted">Create a key for an app's module when its connection page asks for one. The key is shown once.</p>
      <CreateKeyForm scopes={loaded.scopes ?? []} onCreated={reload} />
      {account.apiKeys.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">API keys of {account.name}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Permissions</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {account.apiKeys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>{new Date(key.createdAt as string).toLocaleDateString()}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Revoke ${key.name}`}
                      aria-disabled={busy !== null || undefined}
                      onClick={() => act(key.id, () => revokeKey({ id: key.id }).then((r) => outcome(r.data?.revokeApiKey, r.error)), `${key.name} revoked.`)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Marketplace</h2>
      <p className="muted">
        What {account.name} may install: apps offered in {account.country} that work with API version {account.apiVersion}.
      </p>
      {consentApp && (
        <div className="card consent" role="dialog" aria-labelledby="consent-title">
          <h3 id="consent-title" tabIndex={-1}>
            Connect {consentApp.listing?.name ?? consentApp.code}
          </h3>
          <p>The app asks for these permissions. Connecting gives its module a key with exactly these:</p>
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
            aria-disabled={busy !== null || undefined}
            onClick={() => {
              const code = consentApp.code;
              setConsentFor(null);
              void act(code, () => connectSimply({ code, scopes: consentApp.permissions.map((p) => p.key) }).then((r) => outcome(r.data?.connectSimply, r.error)), 'Connected.');
            }}
          >
            {busy === consentApp.code ? 'Connecting…' : 'Allow and connect'}
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConsentFor(null)}>
            Cancel
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
                  <span className="badge available">Connected</span>
                </p>
              ) : (
                <button
                  type="button"
                  className="primary"
                  aria-label={`Connect ${app.code}`}
                  aria-disabled={busy !== null || undefined}
                  onClick={() => void connect(app.code, app.connectionMethod)}
                >
                  {busy === app.code ? 'Connecting…' : 'Connect'}
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
  const [, create] = useMutation(AccountPage_CreateKeyMutation);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [refused, setRefused] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRefused(null);
    const result = await create({ name, scopes: chosen });
    const payload = result.data?.createApiKey;
    if (payload?.__typename === 'MutationCreateApiKeySuccess') {
      setCreated({ name: payload.data.apiKey.name, secret: payload.data.secret });
      setName('');
      setChosen([]);
      props.onCreated();
      return;
    }
    setRefused(outcome(payload, result.error));
  }

  return (
    <form className="card form" onSubmit={submit} aria-label="Create an API key">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Nordlys Pickup" required />
      </label>
      <fieldset>
        <legend>Permissions</legend>
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
      {refused && (
        <p className="feedback error" role="alert">
          {refused}
        </p>
      )}
      <button type="submit" className="primary">
        Create key
      </button>
      {created && (
        <div className="feedback ok" role="status">
          <p>
            Key <strong>{created.name}</strong> created. Copy it now: it is not shown again.
          </p>
          <p>
            <code className="secret" data-testid="new-key-secret">
              {created.secret}
            </code>{' '}
            <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(created.secret)}>
              Copy
            </button>
          </p>
        </div>
      )}
    </form>
  );
}
