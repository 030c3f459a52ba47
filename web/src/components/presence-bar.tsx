import { useTranslation } from 'react-i18next';
import { useSubscription } from 'urql';
import { graphql } from '../gql';
import { useViewer } from '../viewer';

const PresenceBar_Subscription = graphql(`
  subscription PresenceBar_Subscription($versionId: ID!) {
    versionPresence(versionId: $versionId) {
      viewers {
        userId
        name
      }
    }
  }
`);

/**
 * Who else has this review open, live: "Ivan Orlov is viewing this review". Being on the page
 * is what registers the viewer (the subscription), and leaving it, or losing the socket, ends that.
 */
export function PresenceBar(props: { versionId: string; assigneeId: string | null }) {
  const { t } = useTranslation('review');
  const viewer = useViewer();
  const [{ data }] = useSubscription({ query: PresenceBar_Subscription, variables: { versionId: props.versionId } });
  const others = (data?.versionPresence.viewers ?? []).filter((person) => person.userId !== viewer?.id);
  return (
    <div className="presence" role="status" aria-live="polite">
      {others.map((person) => (
        <span key={person.userId} className="presence-person">
          <span className="presence-dot" aria-hidden="true" />
          {t(person.userId === props.assigneeId ? 'presence.reviewing' : 'presence.viewing', { name: person.name })}
        </span>
      ))}
    </div>
  );
}
