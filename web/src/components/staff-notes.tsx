import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { formatDateTime } from '../lib/format';
import { ActionFeedback, useAction } from './action';

export const StaffNotes_VersionFragment = graphql(`
  fragment StaffNotes_Version on AppVersion {
    id
    staffNotes {
      id
      body
      createdAt
      author {
        id
        name
      }
    }
  }
`);

const StaffNotes_AddMutation = graphql(`
  mutation StaffNotes_AddMutation($versionId: ID!, $body: String!) {
    addStaffNote(versionId: $versionId, body: $body) {
      __typename
      ...ActionResult_Error
      ... on MutationAddStaffNoteSuccess {
        data {
          id
        }
      }
    }
  }
`);

/** Private notes staff keep on a version: the partner never sees them (the server refuses it). */
export function StaffNotes(props: { version: FragmentType<typeof StaffNotes_VersionFragment>; onChanged: () => void }) {
  const { t } = useTranslation('review');
  const version = getFragmentData(StaffNotes_VersionFragment, props.version);
  const [body, setBody] = useState('');
  const fieldId = useId();
  const add = useAction(StaffNotes_AddMutation, (d) => d.addStaffNote, () => {
    setBody('');
    props.onChanged();
  });
  return (
    <section className="card staff-notes" aria-labelledby="staff-notes-title">
      <h2 id="staff-notes-title">{t('notes.title')}</h2>
      <p className="muted small">{t('notes.hint')}</p>
      {version.staffNotes.length === 0 ? (
        <p className="empty">{t('notes.none')}</p>
      ) : (
        <ol className="comments notes">
          {version.staffNotes.map((note) => (
            <li key={note.id} className="from-staff">
              <div className="comment-meta">
                <strong>{note.author.name}</strong> <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
              </div>
              <p className="prewrap">{note.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form
        className="comment-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (body.trim() && !add.pending) void add.run({ versionId: version.id, body: body.trim() });
        }}
      >
        <label htmlFor={fieldId}>{t('notes.newNote')}</label>
        <textarea id={fieldId} rows={2} value={body} onChange={(event) => setBody(event.target.value)} />
        <button type="submit" className="secondary" aria-disabled={!body.trim() || add.pending || undefined}>
          {add.pending ? t('notes.saving') : t('notes.add')}
        </button>
      </form>
      <ActionFeedback outcome={add.outcome} />
    </section>
  );
}
