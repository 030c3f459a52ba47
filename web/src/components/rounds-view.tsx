import { type FragmentType, getFragmentData, graphql } from '../gql';
import { formatDateTime } from '../lib/format';
import { changePath, showValue } from '../lib/labels';

export const RoundsView_VersionFragment = graphql(`
  fragment RoundsView_Version on AppVersion {
    id
    rounds {
      number
      outcome
      submittedAt
      endedAt
      changesSincePreviousRound {
        path
        old
        new
      }
    }
  }
`);

/** Each review round, and what changed since the previous one: what a reviewer re-checks. */
export function RoundsView(props: { version: FragmentType<typeof RoundsView_VersionFragment> }) {
  const { rounds } = getFragmentData(RoundsView_VersionFragment, props.version);
  if (rounds.length === 0) return <p className="muted">Not submitted yet.</p>;
  const latest = [...rounds].sort((a, b) => b.number - a.number);
  return (
    <div className="rounds">
      {latest.map((round) => (
        <details key={round.number} open={round === latest[0]}>
          <summary>
            Round {round.number} · sent {formatDateTime(round.submittedAt)}
            {round.outcome ? ` · ${round.outcome.toLowerCase().replaceAll('_', ' ')}` : ' · in progress'}
          </summary>
          <h3 className="round-changes">What changed since the previous round</h3>
          {round.number === 1 ? (
            <p className="muted">The first round: everything is new.</p>
          ) : round.changesSincePreviousRound.length === 0 ? (
            <p className="muted">Nothing changed.</p>
          ) : (
            <div className="table-wrap">
              <table className="table diff">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Before</th>
                    <th scope="col">Now</th>
                  </tr>
                </thead>
                <tbody>
                  {round.changesSincePreviousRound.map((change) => (
                    <tr key={change.path}>
                      <th scope="row">{changePath(change.path)}</th>
                      <td className="old prewrap">{showValue(change.old)}</td>
                      <td className="new prewrap">{showValue(change.new)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </details>
      ))}
    </div>
  );
}
