import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { formatDateTime } from '../lib/format';
import { useViewer } from '../viewer';

const TeamPage_PartnerQuery = graphql(`
  query TeamPage_PartnerQuery($id: ID!, $owner: Boolean!) {
    node(id: $id) {
      id
      ... on Partner {
        name
        members {
          role
          joinedAt
          user {
            id
            name
          }
        }
        invitations @include(if: $owner) {
          id
          email
          role
          status
          expiresAt
        }
      }
    }
  }
`);

const TeamPage_InviteMutation = graphql(`
  mutation TeamPage_InviteMutation($partnerId: ID!, $email: String!, $role: MemberRole) {
    inviteMember(partnerId: $partnerId, email: $email, role: $role) {
      __typename
      ... on MutationInviteMemberSuccess {
        data {
          link
          mailSent
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

const TeamPage_ChangeRoleMutation = graphql(`
  mutation TeamPage_ChangeRoleMutation($partnerId: ID!, $userId: ID!, $role: MemberRole!) {
    changeMemberRole(partnerId: $partnerId, userId: $userId, role: $role) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

const TeamPage_RemoveMutation = graphql(`
  mutation TeamPage_RemoveMutation($partnerId: ID!, $userId: ID!) {
    removeMember(partnerId: $partnerId, userId: $userId) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

const TeamPage_CancelInvitationMutation = graphql(`
  mutation TeamPage_CancelInvitationMutation($invitationId: ID!) {
    cancelInvitation(invitationId: $invitationId) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

/** The viewer's partners' teams: members and roles; owners invite, change roles and remove. */
export function TeamPage() {
  const { t } = useTranslation('partner');
  const viewer = useViewer();
  const memberships = viewer?.memberships ?? [];
  return (
    <section aria-labelledby="team-title">
      <h1 id="team-title">{t('team.title')}</h1>
      {memberships.length === 0 && <p className="empty">{t('team.notMember')}</p>}
      {memberships.map((m) => (
        <PartnerTeam key={m.partner.id} partnerId={m.partner.id} owner={m.role === 'OWNER'} viewerId={viewer?.id ?? ''} />
      ))}
    </section>
  );
}

/** The message of a typed refusal or a transport error; null on success. */
function refusal(payload: { __typename?: string; message?: string } | undefined, error: { message: string } | undefined): string | null {
  return payload?.message ?? error?.message ?? null;
}

function PartnerTeam(props: { partnerId: string; owner: boolean; viewerId: string }) {
  const { t } = useTranslation('partner');
  const [{ data, error }, refetch] = useQuery({ query: TeamPage_PartnerQuery, variables: { id: props.partnerId, owner: props.owner }, requestPolicy: 'cache-and-network' });
  const [, changeRole] = useMutation(TeamPage_ChangeRoleMutation);
  const [, remove] = useMutation(TeamPage_RemoveMutation);
  const [, cancel] = useMutation(TeamPage_CancelInvitationMutation);
  const [message, setMessage] = useState<string | null>(null);
  const partner = data?.node?.__typename === 'Partner' ? data.node : null;
  const reload = () => refetch({ requestPolicy: 'network-only' });

  /** Runs a team change; shows the refusal it answers, if any, and reloads the team. */
  async function act(run: () => Promise<string | null>) {
    setMessage(await run());
    reload();
  }
  const setRole = (userId: string, role: 'OWNER' | 'MEMBER') =>
    act(() => changeRole({ partnerId: props.partnerId, userId, role }).then((r) => refusal(r.data?.changeMemberRole, r.error)));
  const removeMember = (userId: string) =>
    act(() => remove({ partnerId: props.partnerId, userId }).then((r) => refusal(r.data?.removeMember, r.error)));

  const cancelInvitation = (invitationId: string) =>
    act(() => cancel({ invitationId }).then((r) => refusal(r.data?.cancelInvitation, r.error)));

  if (error) return <p className="feedback error">{error.message}</p>;
  if (!partner) return <p aria-live="polite">{t('team.loading')}</p>;
  return (
    <article className="card" aria-label={t('team.teamLabel', { partner: partner.name })}>
      <h2>{partner.name}</h2>
      {message && (
        <p className="feedback error" role="alert">
          {message}
        </p>
      )}
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">{t('team.caption', { partner: partner.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.columns.member')}</th>
              <th scope="col">{t('team.columns.role')}</th>
              <th scope="col">{t('team.columns.joined')}</th>
              {props.owner && <th scope="col">{t('team.columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {partner.members.map((member) => {
              const self = member.user.id === props.viewerId;
              const other = member.role === 'OWNER' ? 'MEMBER' : 'OWNER';
              return (
                <tr key={member.user.id}>
                  <td data-label={t('team.columns.member')}>
                    {member.user.name}
                    {self && <span className="muted small"> {t('team.you')}</span>}
                  </td>
                  <td data-label={t('team.columns.role')}>{t(member.role === 'OWNER' ? 'team.role.OWNER' : 'team.role.MEMBER')}</td>
                  <td data-label={t('team.columns.joined')}>{formatDateTime(member.joinedAt as string)}</td>
                  {props.owner && (
                    <td data-label={t('team.columns.actions')}>
                      <button type="button" onClick={() => setRole(member.user.id, other)}>
                        {other === 'OWNER' ? t('team.makeOwner') : t('team.makeMember')}
                      </button>{' '}
                      <button type="button" onClick={() => removeMember(member.user.id)}>
                        {self ? t('team.leave') : t('team.remove')}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {!props.owner && (
        <button type="button" onClick={() => removeMember(props.viewerId)}>
          {t('team.leavePartner', { partner: partner.name })}
        </button>
      )}
      {props.owner && <InviteForm partnerId={props.partnerId} onInvited={reload} />}
      {props.owner && partner.invitations && partner.invitations.length > 0 && (
        <>
          <h3>{t('team.invitationsTitle')}</h3>
          <ul className="plain">
            {partner.invitations.map((invitation) => (
              <li key={invitation.id}>
                {invitation.email} · {t(invitation.role === 'OWNER' ? 'team.roleLower.OWNER' : 'team.roleLower.MEMBER')} ·{' '}
                {invitation.status === 'EXPIRED' ? t('team.expired') : t('team.until', { date: formatDateTime(invitation.expiresAt as string) })}{' '}
                <button type="button" onClick={() => cancelInvitation(invitation.id)} aria-label={t('team.cancelInvitationOf', { email: invitation.email })}>
                  {t('team.cancelInvitation')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

function InviteForm(props: { partnerId: string; onInvited: () => void }) {
  const { t } = useTranslation('partner');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'MEMBER' | 'OWNER'>('MEMBER');
  const [result, setResult] = useState<{ link: string; mailSent: boolean } | { error: string } | null>(null);
  const [{ fetching }, invite] = useMutation(TeamPage_InviteMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const answer = await invite({ partnerId: props.partnerId, email, role });
    const payload = answer.data?.inviteMember;
    if (payload?.__typename === 'MutationInviteMemberSuccess') {
      setResult(payload.data);
      setEmail('');
      props.onInvited();
    } else setResult({ error: payload && 'message' in payload ? payload.message : (answer.error?.message ?? t('team.invite.failed')) });
  }

  return (
    <form className="form-row" onSubmit={submit}>
      <h3>{t('team.invite.title')}</h3>
      <label>
        {t('team.invite.email')} <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      </label>
      <label>
        {t('team.invite.role')}{' '}
        <select value={role} onChange={(e) => setRole(e.target.value as 'MEMBER' | 'OWNER')}>
          <option value="MEMBER">{t('team.role.MEMBER')}</option>
          <option value="OWNER">{t('team.role.OWNER')}</option>
        </select>
      </label>
      <button type="submit" className="primary" disabled={fetching}>
        {t('team.invite.submit')}
      </button>
      {result && 'error' in result && (
        <p className="feedback error" role="alert">
          {result.error}
        </p>
      )}
      {result && 'link' in result && (
        <p className="feedback" role="status">
          {result.mailSent ? t('team.invite.mailed') : t('team.invite.notMailed')} {t('team.invite.linkNote')}{' '}
          <input readOnly value={result.link} aria-label={t('team.invite.linkLabel')} onFocus={(e) => e.target.select()} />
        </p>
      )}
    </form>
  );
}
