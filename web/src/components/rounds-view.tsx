import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { formatDateTime } from '../lib/format';
import { isMinorUnits, minorUnits, tr } from '../lib/fields';
import { changePath, showValue } from '../lib/labels';

/** A requested scope in a diff reads as its justification and polling, not as JSON. */
function showChange(path: string, value: unknown): string {
  if (typeof value === 'number' && path.startsWith('listing.') && isMinorUnits(path.slice('listing.'.length))) return minorUnits(value);
  if (value && typeof value === 'object' && 'justification' in value) {
    const scope = value as { justification: unknown; pollingIntervalSeconds?: unknown };
    const justification = String(scope.justification);
    return typeof scope.pollingIntervalSeconds === 'number'
      ? tr('review:rounds.polling', { justification, seconds: scope.pollingIntervalSeconds })
      : justification;
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
export function RoundsView(props: {
  version: FragmentType<typeof RoundsView_VersionFragment>;
  /** Checklist item labels by key, to name a changed answer by its item. */
  itemLabels?: Readonly<Record<string, string>>;
}) {
  const { t } = useTranslation('review');
  const { rounds, changesSinceLive: sinceLive } = getFragmentData(RoundsView_VersionFragment, props.version);
  const outcome = (value: string | null | undefined) =>
    value ? tr(`review:rounds.outcome.${value}`, { defaultValue: value.toLowerCase().replaceAll('_', ' ') }) : t('rounds.inProgress');
  if (rounds.length === 0) return <p className="muted">{t('rounds.notSubmitted')}</p>;
  const latest = [...rounds].sort((a, b) => b.number - a.number);
  return (
    <div className="rounds">
      {latest.map((round) => (
        <details key={round.number} open={round === latest[0] || (round.number === 1 && sinceLive != null)}>
          <summary>
            {t('rounds.round', { number: round.number, when: formatDateTime(round.submittedAt), outcome: outcome(round.outcome) })}
          </summary>
          {round.number === 1 && sinceLive ? (
            <>
              <h3 className="round-changes">{t('rounds.sinceLive', { version: sinceLive.liveVersion })}</h3>
              <ChangesTable changes={sinceLive.changes} before={t('rounds.live', { version: sinceLive.liveVersion })} itemLabels={props.itemLabels} />
            </>
          ) : (
            <>
              <h3 className="round-changes">{t('rounds.sincePrevious')}</h3>
              {round.number === 1 ? (
                <p className="muted">{t('rounds.firstRound')}</p>
              ) : (
                <ChangesTable changes={round.changesSincePreviousRound} before={t('rounds.before')} itemLabels={props.itemLabels} />
              )}
            </>
          )}
        </details>
      ))}
    </div>
  );
}

function ChangesTable(props: { changes: readonly Change[]; before: string; itemLabels?: Readonly<Record<string, string>> | undefined }) {
  const { t } = useTranslation('review');
  if (props.changes.length === 0) return <p className="muted">{t('rounds.nothingChanged')}</p>;
  return (
    <div className="table-wrap">
      <table className="table diff">
        <thead>
          <tr>
            <th scope="col">{t('rounds.field')}</th>
            <th scope="col">{props.before}</th>
            <th scope="col">{t('rounds.now')}</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((change) => (
            <tr key={change.path}>
              <th scope="row">{changePath(change.path, props.itemLabels)}</th>
              <td className="old prewrap" data-label={props.before}>
                {showChange(change.path, change.old)}
              </td>
              <td className="new prewrap" data-label={t('rounds.now')}>
                {showChange(change.path, change.new)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
