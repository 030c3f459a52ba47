import i18n from '../i18n';
import { label } from '../lib/labels';

/** A version's status as a coloured badge. */
export function StatusBadge(props: { status: string }) {
  // The words before the label are for screen readers: a bare "In review" could be either badge.
  return (
    <span className={`badge status-${props.status.toLowerCase()}`}>
      <span className="sr-only">{i18n.t('partner:badges.statusPrefix')}</span>
      {label('status', props.status)}
    </span>
  );
}

/** An app's onboarding stage as a badge. */
export function StageBadge(props: { stage: string }) {
  return (
    <span className={`badge stage-${props.stage.toLowerCase()}`}>
      <span className="sr-only">{i18n.t('partner:badges.stagePrefix')}</span>
      {label('stage', props.stage)}
    </span>
  );
}

/** One of the two state flag sets (`partner`, `platform`), each flag a chip; empty shows a dash. */
export function StateFlags(props: { name: string; flags: readonly string[] }) {
  return (
    <span className="flags">
      <span className="flags-name">{props.name}:</span>{' '}
      {props.flags.length === 0 ? (
        <span className="muted">{i18n.t('partner:badges.noFlags')}</span>
      ) : (
        props.flags.map((flag) => (
          <span key={flag} className={`flag flag-${flag.toLowerCase()}`}>
            {FLAGS.has(flag) ? i18n.t(`partner:badges.flag.${flag as Flag}`) : flag.toLowerCase()}
          </span>
        ))
      )}
    </span>
  );
}

/** The flags an app state holds, each with words (anything newer shows as it is). */
type Flag = 'PENDING' | 'ONLINE' | 'DISABLED';
const FLAGS = new Set<string>(['PENDING', 'ONLINE', 'DISABLED'] satisfies Flag[]);

/** Whether the app is in the catalog. */
export function Availability(props: { available: boolean }) {
  return props.available ? (
    <span className="badge available">{i18n.t('partner:badges.available')}</span>
  ) : (
    <span className="badge unavailable">{i18n.t('partner:badges.notAvailable')}</span>
  );
}

/**
 * A version's status and its app's stage side by side; one badge when both would say the same
 * words ("In review", not "In review · In review").
 */
export function StatusAndStage(props: { status: string; stage: string }) {
  const same = label('status', props.status) === label('stage', props.stage);
  return (
    <>
      <StatusBadge status={props.status} />
      {!same && (
        <>
          {' '}
          <StageBadge stage={props.stage} />
        </>
      )}
    </>
  );
}
