import { type FormEvent, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ActionFeedback, useAction } from '../components/action';
import { QueryState } from '../components/query-state';
import { graphql } from '../gql';
import { formatDateTime } from '../lib/format';
import { useViewer } from '../viewer';

const AdminStaffPage_Query = graphql(`
  query AdminStaffPage_Query {
    staff {
      id
      name
      email
      staffRole
      disabledAt
    }
  }
`);

const AdminStaffPage_CreateMutation = graphql(`
  mutation AdminStaffPage_CreateMutation($email: String!, $name: String!, $role: StaffRole!, $password: String) {
    createStaffUser(email: $email, name: $name, role: $role, password: $password) {
      __typename
      ...ActionResult_Error
      ... on MutationCreateStaffUserSuccess {
        data {
          initialPassword
          user {
            id
            email
          }
        }
      }
    }
  }
`);

const AdminStaffPage_ChangeRoleMutation = graphql(`
  mutation AdminStaffPage_ChangeRoleMutation($userId: ID!, $role: StaffRole!) {
    changeStaffRole(userId: $userId, role: $role) {
      __typename
      ...ActionResult_Error
      ... on MutationChangeStaffRoleSuccess {
        data {
          id
          staffRole
        }
      }
    }
  }
`);

const AdminStaffPage_SetDisabledMutation = graphql(`
  mutation AdminStaffPage_SetDisabledMutation($userId: ID!, $disabled: Boolean!) {
    setUserDisabled(userId: $userId, disabled: $disabled) {
      __typename
      ...ActionResult_Error
      ... on MutationSetUserDisabledSuccess {
        data {
          id
          disabledAt
        }
      }
    }
  }
`);

type Role = 'REVIEWER' | 'ADMIN';

/** Marketplace staff: admins create reviewers and admins, change their roles and disable them. */
export function AdminStaffPage() {
  const { t } = useTranslation(['admin', 'common']);
  const viewer = useViewer();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AdminStaffPage_Query, requestPolicy: 'cache-and-network' });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const changeRole = useAction(AdminStaffPage_ChangeRoleMutation, (d) => d.changeStaffRole, refetch);
  const setDisabled = useAction(AdminStaffPage_SetDisabledMutation, (d) => d.setUserDisabled, refetch);

  return (
    <section aria-labelledby="staff-title">
      <div className="page-head">
        <h1 id="staff-title">{t('staff.title')}</h1>
      </div>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what={t('staff.what')} onRetry={refetch} />
      <ActionFeedback outcome={changeRole.outcome} success={t('staff.roleChanged')} />
      <ActionFeedback outcome={setDisabled.outcome} success={t('staff.disabledSaved')} />
      {data && (
        <div className="card">
        <div className="table-wrap">
          <table className="table staff-table">
            <caption className="sr-only">{t('staff.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.member')}</th>
                <th scope="col">
                  <span className="sr-only">{t('staff.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.staff.map((member) => {
                const self = member.id === viewer?.id;
                const other: Role = member.staffRole === 'ADMIN' ? 'REVIEWER' : 'ADMIN';
                return (
                  <tr key={member.id}>
                    <td data-label={t('staff.member')}>
                      {member.name}
                      {self && <span className="muted small"> {t('staff.you')}</span>}
                      <div className="muted small">{member.email}</div>
                      <div className="small">
                        {member.staffRole === 'ADMIN' ? t('common:role.admin') : t('common:role.reviewer')}
                        {member.disabledAt && ` · ${t('staff.disabledSince', { date: formatDateTime(member.disabledAt as string) })}`}
                      </div>
                    </td>
                    <td data-label={t('staff.actions')}>
                      <div className="button-row wrap">
                        <button type="button" onClick={() => void changeRole.run({ userId: member.id, role: other })}>
                          <Trans
                            t={t}
                            i18nKey={other === 'ADMIN' ? 'staff.makeAdmin' : 'staff.makeReviewer'}
                            values={{ name: member.name }}
                            components={{ 1: <span className="sr-only" /> }}
                          />
                        </button>
                        {!self && (
                          <button
                            type="button"
                            className={member.disabledAt ? undefined : 'danger'}
                            onClick={() => void setDisabled.run({ userId: member.id, disabled: !member.disabledAt })}
                          >
                            <Trans
                              t={t}
                              i18nKey={member.disabledAt ? 'staff.enable' : 'staff.disable'}
                              values={{ name: member.name }}
                              components={{ 1: <span className="sr-only" /> }}
                            />
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        </div>
      )}
      <CreateStaffForm onCreated={refetch} />
    </section>
  );
}

function CreateStaffForm(props: { onCreated: () => void }) {
  const { t } = useTranslation(['admin', 'common']);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('REVIEWER');
  const [password, setPassword] = useState('');
  const create = useAction(AdminStaffPage_CreateMutation, (d) => d.createStaffUser, () => {
    setEmail('');
    setName('');
    setPassword('');
    props.onCreated();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    void create.run({ email, name, role, password: password || null });
  }
  const created = create.outcome?.ok ? create.outcome.data : null;

  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-staff-title">
      <h2 id="new-staff-title">{t('staff.addTitle')}</h2>
      <div className="form-row">
        <label>
          {t('staff.name')} <input type="text" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('staff.email')} <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          {t('staff.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="REVIEWER">{t('common:role.reviewer')}</option>
            <option value="ADMIN">{t('common:role.admin')}</option>
          </select>
        </label>
        <label>
          {t('staff.initialPassword')}{' '}
          <input type="text" value={password} onChange={(e) => setPassword(e.target.value)} placeholder={t('staff.passwordPlaceholder')} autoComplete="off" />
        </label>
        <button type="submit" className="primary" aria-disabled={create.pending || undefined}>
          {t('staff.add')}
        </button>
      </div>
      <ActionFeedback outcome={create.outcome} success={t('staff.created', { email: created?.user.email ?? '' })} />
      {created?.initialPassword && (
        <p className="feedback" role="status">
          {t('staff.initialPasswordShown')}{' '}
          <input readOnly value={created.initialPassword} aria-label={t('staff.initialPassword')} onFocus={(e) => e.target.select()} />
        </p>
      )}
    </form>
  );
}
