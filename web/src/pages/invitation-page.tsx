import { type FormEvent, useState } from 'react';
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
    setMessage(payload && 'message' in payload ? payload.message : (result.error?.message ?? 'Could not sign up'));
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
    setMessage(payload && 'message' in payload ? payload.message : (result.error?.message ?? 'Could not accept'));
  }

  if (!token || (!fetching && data && !invitation)) {
    return (
      <section className="narrow">
        <h1>Invitation</h1>
        <p className="feedback error">This invitation link is not valid. Ask the partner's owner for a new one.</p>
      </section>
    );
  }
  if (!invitation) return <p aria-live="polite">Loading…</p>;
  return (
    <section className="narrow" aria-labelledby="invitation-title">
      <h1 id="invitation-title">Join {invitation.partnerName}</h1>
      <p>
        {invitation.email} is invited as {invitation.role === 'OWNER' ? 'an owner' : 'a member'}.
      </p>
      {message && (
        <p className="feedback error" role="alert">
          {message}
        </p>
      )}
      {invitation.status !== 'PENDING' ? (
        <p className="feedback warn">
          This invitation {INVITATION_ENDED[invitation.status] ?? 'no longer admits anyone'}. Ask the partner's owner for a new one.
        </p>
      ) : viewer ? (
        <button type="button" className="primary" onClick={submitAccept} disabled={accepted}>
          Accept as {viewer.name}
        </button>
      ) : (
        <form onSubmit={submitSignUp}>
          <p>
            New to Vetline? Choose your name and a password. Already have an account? <Link href="/sign-in">Sign in</Link>, then open
            the link again.
          </p>
          <label>
            Your name <input value={name} onChange={(e) => setName(e.target.value)} required autoComplete="name" />
          </label>
          <label>
            Password (8 characters or more){' '}
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" />
          </label>
          <button type="submit" className="primary">
            Sign up and join
          </button>
        </form>
      )}
    </section>
  );
}

/** Why a link no longer admits its holder, by the invitation's status. */
const INVITATION_ENDED: Record<string, string> = {
  EXPIRED: 'has expired',
  ACCEPTED: 'was already used',
  CANCELLED: 'was cancelled by an owner of the team',
};
