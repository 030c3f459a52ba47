import { useTranslation } from 'react-i18next';
import type { ChecklistAnswerKind } from '../gql/graphql';

/** A partner's checklist answer shown by its kind: a confirmation, a link, credentials or text. */
export function ChecklistAnswer(props: { kind: ChecklistAnswerKind; answer: string | null | undefined }) {
  const { t } = useTranslation('editor');
  const { answer } = props;
  if (!answer?.trim()) return <span className="missing">{t('checklist.answerNotGiven')}</span>;
  switch (props.kind) {
    case 'CONFIRMATION':
      return <span>{answer === 'yes' || answer === 'true' ? t('checklist.confirmed') : answer}</span>;
    case 'URL':
      return /^https?:\/\//.test(answer) ? (
        <a href={answer} target="_blank" rel="noopener noreferrer nofollow">
          {answer}
        </a>
      ) : (
        <span>{answer}</span>
      );
    case 'CREDENTIALS':
      return <code className="prewrap">{answer}</code>;
    default:
      return <span className="prewrap">{answer}</span>;
  }
}
