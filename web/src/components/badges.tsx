import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { label } from '../lib/labels';

/** A version's status as a coloured badge. */
export function StatusBadge(props: { status: string }) {
  const { t } = useTranslation();
  // The words before the label are for screen readers: a bare "In review" could be either badge.
  return (
    <span className={`badge status-${props.status.toLowerCase()}`}>
      <span className="sr-only">{t('badge.status')}: </span>
      {label('status', props.status)}
    </span>
  );
}

/** An app's onboarding stage as a badge. */
export function StageBadge(props: { stage: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge stage-${props.stage.toLowerCase()}`}>
      <span className="sr-only">{t('badge.stage')}: </span>
      {label('stage', props.stage)}
    </span>
  );
}

/** One of the two state flag sets (`partner`, `platform`), each flag a chip; empty shows a dash. */
export function StateFlags(props: { name: string; flags: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <span className="flags">
      <span className="flags-name">{props.name}:</span>{' '}
      {props.flags.length === 0 ? (
        <span className="muted">{t('flags.none')}</span>
      ) : (
        props.flags.map((flag) => (
          <span key={flag} className={`flag flag-${flag.toLowerCase()}`}>
            {flagWord(t, flag)}
          </span>
        ))
      )}
    </span>
  );
}

/** Whether the app is in the catalog. */
export function Availability(props: { available: boolean }) {
  const { t } = useTranslation();
  return props.available ? (
    <span className="badge available">{t('badge.available')}</span>
  ) : (
    <span className="badge unavailable">{t('badge.notAvailable')}</span>
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

/** A state flag's word; a flag the dashboard does not know yet shows as the API spells it. */
function flagWord(t: TFunction, flag: string): string {
  const key = FLAG_KEYS[flag as keyof typeof FLAG_KEYS];
  return key ? t(key) : flag.toLowerCase();
}

const FLAG_KEYS = { PENDING: 'flags.PENDING', ONLINE: 'flags.ONLINE', DISABLED: 'flags.DISABLED' } as const;
