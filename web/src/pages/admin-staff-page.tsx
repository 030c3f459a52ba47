import { type FormEvent, useState } from 'react';
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
  const viewer = useViewer();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AdminStaffPage_Query, requestPolicy: 'cache-and-network' });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const changeRole = useAction(AdminStaffPage_ChangeRoleMutation, (d) => d.changeStaffRole, refetch);
  const setDisabled = useAction(AdminStaffPage_SetDisabledMutation, (d) => d.setUserDisabled, refetch);

  return (
    <section aria-labelledby="staff-title">
      <div className="page-head">
        <h1 id="staff-title">Staff</h1>
      </div>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what="the staff" onRetry={refetch} />
      <ActionFeedback outcome={changeRole.outcome} success="Role changed. It applies from their next request." />
      <ActionFeedback outcome={setDisabled.outcome} success="Saved. A disabled user's sessions and live streams have ended." />
      {data && (
        <div className="card">
        <div className="table-wrap">
          <table className="table staff-table">
            <caption className="sr-only">Marketplace staff</caption>
            <thead>
              <tr>
                <th scope="col">Staff member</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.staff.map((member) => {
                const self = member.id === viewer?.id;
                const other: Role = member.staffRole === 'ADMIN' ? 'REVIEWER' : 'ADMIN';
                return (
                  <tr key={member.id}>
                    <td>
                      {member.name}
                      {self && <span className="muted small"> (you)</span>}
                      <div className="muted small">{member.email}</div>
                      <div className="small">
                        {member.staffRole === 'ADMIN' ? 'Admin' : 'Reviewer'}
                        {member.disabledAt && ` · disabled since ${formatDateTime(member.disabledAt as string)}`}
                      </div>
                    </td>
                    <td>
                      <div className="button-row wrap">
                        <button type="button" onClick={() => void changeRole.run({ userId: member.id, role: other })}>
                          Make {other === 'ADMIN' ? 'admin' : 'reviewer'}
                          <span className="sr-only"> {member.name}</span>
                        </button>
                        {!self && (
                          <button
                            type="button"
                            className={member.disabledAt ? undefined : 'danger'}
                            onClick={() => void setDisabled.run({ userId: member.id, disabled: !member.disabledAt })}
                          >
                            {member.disabledAt ? 'Enable' : 'Disable'}
                            <span className="sr-only"> {member.name}</span>
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
      <h2 id="new-staff-title">Add a staff member</h2>
      <div className="form-row">
        <label>
          Name <input type="text" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          E-mail <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="REVIEWER">Reviewer</option>
            <option value="ADMIN">Admin</option>
          </select>
        </label>
        <label>
          Initial password <input type="text" value={password} onChange={(e) => setPassword(e.target.value)} placeholder="leave empty to generate" autoComplete="off" />
        </label>
        <button type="submit" className="primary" aria-disabled={create.pending || undefined}>
          Add
        </button>
      </div>
      <ActionFeedback outcome={create.outcome} success={`Created ${created?.user.email ?? ''}.`} />
      {created?.initialPassword && (
        <p className="feedback" role="status">
          Their initial password, shown only now — hand it over: <input readOnly value={created.initialPassword} aria-label="Initial password" onFocus={(e) => e.target.select()} />
        </p>
      )}
    </form>
  );
}
