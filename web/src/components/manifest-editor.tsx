import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { refusalMessages } from '../lib/capabilities';
import { ActionFeedback, useAction } from './action';

export const ManifestEditor_VersionFragment = graphql(`
  fragment ManifestEditor_Version on AppVersion {
    id
    version
    changelog
    minApiVersion
    connectionUrl
    simpleConnection
    scopes {
      justification
      pollingIntervalSeconds
      scope {
        key
      }
    }
    viewerCan {
      update {
        allowed
        reasons {
          code
          message
        }
      }
    }
  }
`);

const ManifestEditor_UpdateVersionMutation = graphql(`
  mutation ManifestEditor_UpdateVersionMutation($versionId: ID!, $manifest: ManifestInput!) {
    updateVersion(versionId: $versionId, manifest: $manifest) {
      __typename
      ...ActionResult_Error
      ... on MutationUpdateVersionSuccess {
        data {
          id
          version
          changelog
          minApiVersion
          connectionUrl
          simpleConnection
        }
      }
    }
  }
`);

interface ScopeChoice {
  selected: boolean;
  justification: string;
  interval: string;
}

/** The version's manifest: version string, changelog, API version, connection and scopes. */
export function ManifestEditor(props: {
  version: FragmentType<typeof ManifestEditor_VersionFragment>;
  scopes: readonly { key: string; label: string; description: string; polling: boolean }[];
  onChanged: () => void;
}) {
  const { t } = useTranslation('editor');
  const urlId = useId();
  const version = getFragmentData(ManifestEditor_VersionFragment, props.version);
  const [name, setName] = useState(version.version);
  const [changelog, setChangelog] = useState(version.changelog);
  const [minApiVersion, setMinApiVersion] = useState(String(version.minApiVersion));
  const [connectionUrl, setConnectionUrl] = useState(version.connectionUrl ?? '');
  const [simpleConnection, setSimpleConnection] = useState(version.simpleConnection);
  const [choices, setChoices] = useState<Record<string, ScopeChoice>>(() =>
    Object.fromEntries(
      props.scopes.map((scope) => {
        const requested = version.scopes.find((s) => s.scope.key === scope.key);
        return [
          scope.key,
          { selected: Boolean(requested), justification: requested?.justification ?? '', interval: requested?.pollingIntervalSeconds?.toString() ?? '' },
        ];
      }),
    ),
  );
  const save = useAction(ManifestEditor_UpdateVersionMutation, (d) => d.updateVersion, props.onChanged);
  const refusals = refusalMessages(version.viewerCan.update);
  const readOnly = refusals.length > 0;
  const problems = save.outcome && !save.outcome.ok ? save.outcome.problems : {};
  const fieldError = (field: string, id?: string) =>
    problems[field] ? (
      <span className="field-error" id={id}>
        {problems[field].join(' ')}
      </span>
    ) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (readOnly || save.pending) return;
    void save.run({
      versionId: version.id,
      manifest: {
        version: name.trim(),
        changelog,
        minApiVersion: Number(minApiVersion),
        // One column holds both: the connection page, or (simple connection) the configuration URL.
        connectionUrl: connectionUrl.trim() || null,
        simpleConnection,
        scopes: Object.entries(choices)
          .filter(([, choice]) => choice.selected)
          .map(([key, choice]) => ({
            key,
            justification: choice.justification,
            pollingIntervalSeconds: choice.interval.trim() ? Number(choice.interval) : null,
          })),
      },
    });
  }

  const update = (key: string, patch: Partial<ScopeChoice>) =>
    setChoices((current) => ({ ...current, [key]: { ...current[key]!, ...patch } }));

  return (
    <form className="manifest-editor" onSubmit={submit} noValidate>
      {readOnly && <p className="reasons-box">{t('manifest.readOnly', { reasons: refusals.join(' · ') })}</p>}
      <fieldset disabled={readOnly} className="plain-fieldset">
        <legend className="sr-only">{t('manifest.legend')}</legend>
        <div className="form-grid">
          <label>
            {t('manifest.version')}
            <input type="text" value={name} onChange={(event) => setName(event.target.value)} />
            {fieldError('version')}
          </label>
          <label>
            {t('manifest.minApiVersion')}
            <input type="number" min={1} value={minApiVersion} onChange={(event) => setMinApiVersion(event.target.value)} />
            {fieldError('minApiVersion')}
          </label>
        </div>
        <label>
          {t('manifest.changelog')}
          <textarea rows={3} value={changelog} onChange={(event) => setChangelog(event.target.value)} />
          {fieldError('changelog')}
        </label>
        <fieldset>
          <legend>{t('manifest.connection')}</legend>
          <label className="inline">
            <input type="checkbox" checked={simpleConnection} onChange={(event) => setSimpleConnection(event.target.checked)} />
            {t('manifest.simpleConnection')}
          </label>
          {/* The help and the problem describe the input, outside its label, so its name stays short. */}
          <div className="stack" style={{ gap: '0.25rem' }}>
            <label htmlFor={urlId}>{simpleConnection ? t('manifest.configurationUrl') : t('manifest.connectionUrl')}</label>
            <input
              id={urlId}
              type="url"
              value={connectionUrl}
              onChange={(event) => setConnectionUrl(event.target.value)}
              aria-invalid={Boolean(problems.connectionUrl) || undefined}
              aria-describedby={`${urlId}-help${problems.connectionUrl ? ` ${urlId}-error` : ''}`}
            />
            <span id={`${urlId}-help`} className="help">
              {simpleConnection ? t('manifest.configurationUrlHelp') : t('manifest.connectionUrlHelp')}
            </span>
            {fieldError('connectionUrl', `${urlId}-error`)}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('manifest.scopes')}</legend>
          {fieldError('scopes')}
          <ul className="plain scope-list">
            {props.scopes.map((scope) => {
              const choice = choices[scope.key];
              if (!choice) return null;
              return (
                <li key={scope.key} className={choice.selected ? 'selected' : ''}>
                  <label className="inline">
                    <input type="checkbox" checked={choice.selected} onChange={(event) => update(scope.key, { selected: event.target.checked })} />
                    <span>
                      <strong>{scope.label}</strong> <code>{scope.key}</code>
                      {scope.polling && <span className="tag">{t('manifest.polling')}</span>}
                      <span className="muted small block">{scope.description}</span>
                    </span>
                  </label>
                  {choice.selected && (
                    <div className="form-grid indent">
                      <label>
                        {t('manifest.justification')}
                        <input type="text" value={choice.justification} onChange={(event) => update(scope.key, { justification: event.target.value })} />
                      </label>
                      {scope.polling && (
                        <label>
                          {t('manifest.pollingInterval')}
                          <input type="number" min={1} value={choice.interval} onChange={(event) => update(scope.key, { interval: event.target.value })} />
                        </label>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
      </fieldset>
      <div className="button-row">
        <button type="submit" className="primary" aria-disabled={readOnly || save.pending || undefined}>
          {save.pending ? t('saving') : t('manifest.save')}
        </button>
      </div>
      <ActionFeedback outcome={save.outcome} success={t('manifest.saved')} />
    </form>
  );
}
