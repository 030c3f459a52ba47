import { type FragmentType, getFragmentData, graphql } from '../gql';
import { formatDateTime } from '../lib/format';
import { changePath, showValue } from '../lib/labels';

/** A requested scope in a diff reads as its justification and polling, not as JSON. */
function showChange(value: unknown): string {
  if (value && typeof value === 'object' && 'justification' in value) {
    const scope = value as { justification: unknown; pollingIntervalSeconds?: unknown };
    const polling = typeof scope.pollingIntervalSeconds === 'number' ? ` (polling every ${scope.pollingIntervalSeconds} s)` : '';
    return `${String(scope.justification)}${polling}`;
  }
  return showValue(value);
}

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
    changesSinceLive {
      liveVersion
      changes {
        path
        old
        new
      }
    }
  }
`);

type Change = { path: string; old?: unknown; new?: unknown };

/** Each review round, and what changed since the previous one (or, for an update's first, since the live version). */
export function RoundsView(props: { version: FragmentType<typeof RoundsView_VersionFragment> }) {
  const { rounds, changesSinceLive: sinceLive } = getFragmentData(RoundsView_VersionFragment, props.version);
  if (rounds.length === 0) return <p className="muted">Not submitted yet.</p>;
  const latest = [...rounds].sort((a, b) => b.number - a.number);
  return (
    <div className="rounds">
      {latest.map((round) => (
        <details key={round.number} open={round === latest[0] || (round.number === 1 && sinceLive != null)}>
          <summary>
            Round {round.number} · sent {formatDateTime(round.submittedAt)}
            {round.outcome ? ` · ${round.outcome.toLowerCase().replaceAll('_', ' ')}` : ' · in progress'}
          </summary>
          {round.number === 1 && sinceLive ? (
            <>
              <h3 className="round-changes">What changed since the live version {sinceLive.liveVersion}</h3>
              <ChangesTable changes={sinceLive.changes} before={`Live ${sinceLive.liveVersion}`} />
            </>
          ) : (
            <>
              <h3 className="round-changes">What changed since the previous round</h3>
              {round.number === 1 ? (
                <p className="muted">The first round of a new app: everything is new.</p>
              ) : (
                <ChangesTable changes={round.changesSincePreviousRound} before="Before" />
              )}
            </>
          )}
        </details>
      ))}
    </div>
  );
}

function ChangesTable(props: { changes: readonly Change[]; before: string }) {
  if (props.changes.length === 0) return <p className="muted">Nothing changed.</p>;
  return (
    <div className="table-wrap">
      <table className="table diff">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">{props.before}</th>
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((change) => (
            <tr key={change.path}>
              <th scope="row">{changePath(change.path)}</th>
              <td className="old prewrap">{showChange(change.old)}</td>
              <td className="new prewrap">{showChange(change.new)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
