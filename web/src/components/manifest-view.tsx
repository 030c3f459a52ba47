import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { ExternalLink } from './listing-view';

export const ManifestView_VersionFragment = graphql(`
  fragment ManifestView_Version on AppVersion {
    id
    version
    changelog
    minApiVersion
    connectionUrl
    simpleConnection
    autoRelease
    scopes {
      justification
      pollingIntervalSeconds
      scope {
        key
        label
        description
        polling
      }
    }
  }
`);

/** The reviewable manifest: version, changelog, API version, connection and the requested scopes. */
export function ManifestView(props: { version: FragmentType<typeof ManifestView_VersionFragment> }) {
  const { t } = useTranslation('editor');
  const version = getFragmentData(ManifestView_VersionFragment, props.version);
  return (
    <div>
      <dl className="facts">
        <dt>{t('manifestView.version')}</dt>
        <dd>{version.version}</dd>
        <dt>{t('manifestView.minApiVersion')}</dt>
        <dd>{version.minApiVersion}</dd>
        <dt>{t('manifestView.connection')}</dt>
        <dd>
          {version.simpleConnection ? (
            <>
              {t('manifestView.simpleConnection')} ·{' '}
              {version.connectionUrl ? (
                <>
                  {t('manifestView.configurationUrl')}
                  <ExternalLink href={version.connectionUrl} />
                </>
              ) : (
                <span className="missing">{t('manifestView.noConfigurationUrl')}</span>
              )}
            </>
          ) : version.connectionUrl ? (
            <ExternalLink href={version.connectionUrl} />
          ) : (
            <span className="missing">{t('manifestView.none')}</span>
          )}
        </dd>
        <dt>{t('manifestView.release')}</dt>
        <dd>{version.autoRelease ? t('manifestView.autoRelease') : t('manifestView.partnerRelease')}</dd>
        <dt>{t('manifestView.changelog')}</dt>
        <dd className="prewrap">{version.changelog || <span className="missing">{t('manifestView.empty')}</span>}</dd>
      </dl>
      <h3>{t('manifestView.requestedScopes')}</h3>
      {version.scopes.length === 0 ? (
        <p className="muted">{t('manifestView.noScopes')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('manifestView.scope')}</th>
                <th scope="col">{t('manifestView.justification')}</th>
                <th scope="col">{t('manifestView.pollingInterval')}</th>
              </tr>
            </thead>
            <tbody>
              {version.scopes.map((requested) => (
                <tr key={requested.scope.key}>
                  <td data-label={t('manifestView.scope')}>
                    <strong>{requested.scope.label}</strong>
                    <div className="muted small">
                      <code>{requested.scope.key}</code>
                    </div>
                  </td>
                  <td data-label={t('manifestView.justification')}>{requested.justification || <span className="missing">{t('manifestView.notJustified')}</span>}</td>
                  <td data-label={t('manifestView.pollingInterval')}>
                    {requested.scope.polling
                      ? requested.pollingIntervalSeconds
                        ? t('manifestView.every', { count: requested.pollingIntervalSeconds })
                        : <span className="missing">{t('manifestView.missing')}</span>
                      : t('manifestView.onDemand')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
