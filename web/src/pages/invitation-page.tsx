import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import { useSession } from '../session';
import { useViewer } from '../viewer';

const InvitationPage_InvitationQuery = graphql(`
  query InvitationPage_InvitationQuery($token: String!) {
    invitation(token: $token) {
      partnerName
      email
      role
      status
      expiresAt
    }
  }
`);

const InvitationPage_SignUpMutation = graphql(`
  mutation InvitationPage_SignUpMutation($token: String!, $name: String!, $password: String!) {
    signUpWithInvitation(token: $token, name: $name, password: $password) {
      __typename
      ... on MutationSignUpWithInvitationSuccess {
        data {
          token
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const InvitationPage_AcceptMutation = graphql(`
  mutation InvitationPage_AcceptMutation($token: String!) {
    acceptInvitation(token: $token) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

/** Where an invitation link lands (`/invitation#<token>`): sign up, or accept signed in. */
export function InvitationPage() {
  const { t } = useTranslation('partner');
  // The token rides in the fragment, so it never reaches a server log.
  const token = window.location.hash.slice(1);
  const viewer = useViewer();
  const session = useSession();
  const [{ data, fetching }] = useQuery({ query: InvitationPage_InvitationQuery, variables: { token }, pause: !token });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [accepted, setAccepted] = useState(false);
  const [, signUp] = useMutation(InvitationPage_SignUpMutation);
  const [, accept] = useMutation(InvitationPage_AcceptMutation);
  const invitation = data?.invitation;

  async function submitSignUp(event: FormEvent) {
    event.preventDefault();
    const result = await signUp({ token, name, password });
    const payload = result.data?.signUpWithInvitation;
    if (payload?.__typename === 'MutationSignUpWithInvitationSuccess') {
      // A new session reloads the viewer (and its memberships) with a fresh client.
      session.signIn(payload.data.token);
      return;
    }
    setMessage(payload && 'message' in payload ? payload.message : (result.error?.message ?? t('invitation.couldNotSignUp')));
  }

  async function submitAccept() {
    const result = await accept({ token });
    const payload = result.data?.acceptInvitation;
    if (payload?.__typename === 'MutationAcceptInvitationSuccess') {
      setAccepted(true);
      // The viewer's memberships changed: start again with a fresh client and viewer.
      window.location.assign('/apps');
      return;
    }
    setMessage(payload && 'message' in payload ? payload.message : (result.error?.message ?? t('invitation.couldNotAccept')));
  }

  if (!token || (!fetching && data && !invitation)) {
    return (
      <section className="narrow">
        <h1>{t('invitation.title')}</h1>
        <p className="feedback error">{t('invitation.invalid')}</p>
      </section>
    );
  }
  if (!invitation) return <p aria-live="polite">{t('invitation.loading')}</p>;
  return (
    <section className="narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">{t('invitation.join', { partner: invitation.partnerName })}</h1>
      <p>{invitation.role === 'OWNER' ? t('invitation.invitedOwner', { email: invitation.email }) : t('invitation.invitedMember', { email: invitation.email })}</p>
      {message && (
        <p className="feedback error" role="alert">
          {message}
        </p>
      )}
      {invitation.status !== 'PENDING' ? (
        <p className="feedback warn">{t(ENDED_STATUSES.has(invitation.status) ? `invitation.ended.${invitation.status as EndedStatus}` : 'invitation.ended.other')}</p>
      ) : viewer ? (
        <button type="button" className="primary" onClick={submitAccept} disabled={accepted}>
          {t('invitation.accept', { name: viewer.name })}
        </button>
      ) : (
        <form onSubmit={submitSignUp}>
          <p>
            <Trans t={t} i18nKey="invitation.newHere" components={{ 1: <Link href="/sign-in" /> }} />
          </p>
          <label>
            {t('invitation.yourName')} <input value={name} onChange={(e) => setName(e.target.value)} required autoComplete="name" />
          </label>
          <label>
            {t('invitation.password')}{' '}
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" />
          </label>
          <button type="submit" className="primary">
            {t('invitation.signUp')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The statuses in which a link no longer admits its holder, each with its own sentence. */
const ENDED_STATUSES = new Set<string>(['EXPIRED', 'ACCEPTED', 'CANCELLED'] satisfies EndedStatus[]);
type EndedStatus = 'EXPIRED' | 'ACCEPTED' | 'CANCELLED';
