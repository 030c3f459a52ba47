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
  const version = getFragmentData(ManifestView_VersionFragment, props.version);
  return (
    <div>
      <dl className="facts">
        <dt>Version</dt>
        <dd>{version.version}</dd>
        <dt>Minimum API version</dt>
        <dd>{version.minApiVersion}</dd>
        <dt>Connection</dt>
        <dd>
          {version.simpleConnection ? 'Simple connection' : version.connectionUrl ? <ExternalLink href={version.connectionUrl} /> : <span className="missing">None</span>}
        </dd>
        <dt>Release</dt>
        <dd>{version.autoRelease ? 'Automatic, as soon as approved' : 'By the partner after approval'}</dd>
        <dt>Changelog</dt>
        <dd className="prewrap">{version.changelog || <span className="missing">Empty</span>}</dd>
      </dl>
      <h3>Requested scopes</h3>
      {version.scopes.length === 0 ? (
        <p className="muted">No API access requested.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">Justification</th>
                <th scope="col">Polling interval</th>
              </tr>
            </thead>
            <tbody>
              {version.scopes.map((requested) => (
                <tr key={requested.scope.key}>
                  <td>
                    <strong>{requested.scope.label}</strong>
                    <div className="muted small">
                      <code>{requested.scope.key}</code>
                    </div>
                  </td>
                  <td>{requested.justification || <span className="missing">Not justified</span>}</td>
                  <td>
                    {requested.scope.polling
                      ? requested.pollingIntervalSeconds
                        ? `every ${requested.pollingIntervalSeconds} s`
                        : <span className="missing">Missing</span>
                      : 'On demand'}
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
