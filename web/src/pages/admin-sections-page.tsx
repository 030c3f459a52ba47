import { type FormEvent, useCallback, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { ActionFeedback, useAction } from '../components/action';
import { QueryState } from '../components/query-state';
import { graphql } from '../gql';
import { describeEvent } from '../lib/events';
import { formatDateTime } from '../lib/format';

const AdminSectionsPage_Query = graphql(`
  query AdminSectionsPage_Query {
    policy {
      requiredLocales
    }
    allSections {
      key
      retired
      appCount
      names {
        locale
        name
      }
      checklistTemplate {
        id
      }
    }
    sectionRequests {
      id
      name
      reason
      status
      decisionNote
      createdAt
      partner {
        id
        name
      }
      app {
        id
        code
      }
      requestedBy {
        id
        name
      }
      section {
        key
      }
    }
    administrationHistory(first: 15) {
      edges {
        node {
          cursor
          type
          payload
          createdAt
          actor {
            id
            name
          }
        }
      }
    }
  }
`);

const AdminSectionsPage_CreateMutation = graphql(`
  mutation AdminSectionsPage_CreateMutation($key: String!, $names: [LocalizedNameInput!]!) {
    createSection(key: $key, names: $names) {
      __typename
      ...ActionResult_Error
      ... on MutationCreateSectionSuccess {
        data {
          key
        }
      }
    }
  }
`);

const AdminSectionsPage_RenameMutation = graphql(`
  mutation AdminSectionsPage_RenameMutation($key: String!, $names: [LocalizedNameInput!]!) {
    renameSection(key: $key, names: $names) {
      __typename
      ...ActionResult_Error
      ... on MutationRenameSectionSuccess {
        data {
          key
        }
      }
    }
  }
`);

const AdminSectionsPage_RetireMutation = graphql(`
  mutation AdminSectionsPage_RetireMutation($key: String!, $moveTo: String) {
    retireSection(key: $key, moveTo: $moveTo) {
      __typename
      ...ActionResult_Error
      ... on MutationRetireSectionSuccess {
        data {
          key
          retired
        }
      }
    }
  }
`);

const AdminSectionsPage_AcceptMutation = graphql(`
  mutation AdminSectionsPage_AcceptMutation($requestId: ID!, $key: String!, $names: [LocalizedNameInput!]!, $moveApp: Boolean) {
    acceptSectionRequest(requestId: $requestId, key: $key, names: $names, moveApp: $moveApp) {
      __typename
      ...ActionResult_Error
      ... on MutationAcceptSectionRequestSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

const AdminSectionsPage_DeclineMutation = graphql(`
  mutation AdminSectionsPage_DeclineMutation($requestId: ID!, $reason: String!) {
    declineSectionRequest(requestId: $requestId, reason: $reason) {
      __typename
      ...ActionResult_Error
      ... on MutationDeclineSectionRequestSuccess {
        data {
          id
          status
        }
      }
    }
  }
`);

type Names = Record<string, string>;
const namesInput = (names: Names) => Object.entries(names).map(([locale, name]) => ({ locale, name }));
/** A suggested key for a name: lower-case Latin letters, digits and dashes. */
const keyFor = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Admins: the sections (create, rename, retire), partners' section requests, and what changed lately. */
export function AdminSectionsPage() {
  const { t } = useTranslation(['admin', 'common', 'review']);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AdminSectionsPage_Query, requestPolicy: 'cache-and-network' });
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const locales = data?.policy.requiredLocales ?? ['en'];
  const sections = data?.allSections ?? [];
  const active = sections.filter((s) => !s.retired);
  const requests = data?.sectionRequests ?? [];
  const open = requests.filter((r) => r.status === 'OPEN');
  const decided = requests.filter((r) => r.status !== 'OPEN');

  return (
    <section aria-labelledby="admin-sections-title">
      <div className="page-head">
        <h1 id="admin-sections-title">{t('sections.title')}</h1>
        <Link href="/admin/templates/default">{t('sections.defaultTemplateLink')}</Link>
      </div>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what={t('sections.what')} onRetry={refetch} />
      {data && (
        <>
          <article className="card" aria-labelledby="requests-title">
            <h2 id="requests-title">{t('sections.requestsTitle')}</h2>
            {open.length === 0 && <p className="empty">{t('sections.noOpenRequests')}</p>}
            {open.map((request) => (
              <RequestCard key={request.id} request={request} locales={locales} onDone={refetch} />
            ))}
            {decided.length > 0 && (
              <details>
                <summary>{t('sections.decidedRequests', { count: decided.length })}</summary>
                <ul className="plain">
                  {decided.map((r) => (
                    <li key={r.id}>
                      {r.status === 'ACCEPTED' ? (
                        <Trans t={t} i18nKey="sections.requestAccepted" values={{ name: r.name, partner: r.partner.name, key: r.section?.key ?? '—' }} components={{ 1: <strong /> }} />
                      ) : (
                        <Trans t={t} i18nKey="sections.requestDeclined" values={{ name: r.name, partner: r.partner.name, note: r.decisionNote ?? '' }} components={{ 1: <strong /> }} />
                      )}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </article>

          <article className="card" aria-labelledby="sections-title">
            <h2 id="sections-title">{t('sections.allSections')}</h2>
            <div className="table-wrap">
              <table className="table">
                <caption className="sr-only">{t('sections.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sections.columns.key')}</th>
                    <th scope="col">{t('sections.columns.names')}</th>
                    <th scope="col">{t('sections.columns.apps')}</th>
                    <th scope="col">{t('sections.columns.checklist')}</th>
                    <th scope="col">{t('sections.columns.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sections.map((section) => (
                    <SectionRow key={section.key} section={section} locales={locales} others={active.filter((s) => s.key !== section.key)} onDone={refetch} />
                  ))}
                </tbody>
              </table>
            </div>
            <CreateSectionForm locales={locales} onDone={refetch} />
          </article>

          <article className="card" aria-labelledby="admin-history-title">
            <h2 id="admin-history-title">{t('sections.recentChanges')}</h2>
            <ul className="plain">
              {data.administrationHistory.edges.map(({ node }) => (
                <li key={node.cursor}>
                  <span className="muted small">{formatDateTime(node.createdAt as string)}</span> {node.actor?.name ?? t('sections.system')}{' '}
                  {describeEvent(node.type, node.payload)}
                </li>
              ))}
            </ul>
          </article>
        </>
      )}
    </section>
  );
}

/** One input per required locale. */
function NameFields(props: { locales: readonly string[]; names: Names; onChange: (names: Names) => void; problems: Record<string, string[]>; idPrefix: string }) {
  const { t } = useTranslation(['admin', 'common', 'review']);
  return (
    <>
      {props.locales.map((locale) => {
        const problem = props.problems[`names.${locale}`];
        return (
          <label key={locale}>
            {t('sections.nameIn', { locale })}
            <input
              type="text"
              value={props.names[locale] ?? ''}
              onChange={(event) => props.onChange({ ...props.names, [locale]: event.target.value })}
              aria-invalid={Boolean(problem) || undefined}
              id={`${props.idPrefix}-${locale}`}
            />
            {problem && <span className="field-error">{problem.join(' ')}</span>}
          </label>
        );
      })}
    </>
  );
}

function CreateSectionForm(props: { locales: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation(['admin', 'common', 'review']);
  const [key, setKey] = useState('');
  const [names, setNames] = useState<Names>({});
  const create = useAction(AdminSectionsPage_CreateMutation, (d) => d.createSection, () => {
    setKey('');
    setNames({});
    props.onDone();
  });
  const problems = create.outcome && !create.outcome.ok ? create.outcome.problems : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!create.pending) void create.run({ key: key.trim(), names: namesInput(names) });
  }
  return (
    <form className="form-row" onSubmit={submit} noValidate aria-labelledby="create-section-title">
      <h3 id="create-section-title" className="sr-only">
        {t('sections.createTitle')}
      </h3>
      <label>
        {t('sections.newKey')}
        <input type="text" value={key} onChange={(event) => setKey(event.target.value)} aria-invalid={Boolean(problems.key) || undefined} aria-describedby="section-key-help" />
        <span id="section-key-help" className="help">
          {t('sections.keyHelp')}
        </span>
        {problems.key && <span className="field-error">{problems.key.join(' ')}</span>}
      </label>
      <NameFields locales={props.locales} names={names} onChange={setNames} problems={problems} idPrefix="new-section" />
      <button type="submit" className="primary">
        {create.pending ? t('sections.creating') : t('sections.create')}
      </button>
      <ActionFeedback outcome={create.outcome} success={t('sections.created')} />
    </form>
  );
}

interface SectionRowData {
  key: string;
  retired: boolean;
  appCount?: number | null;
  names: readonly { locale: string; name: string }[];
  checklistTemplate?: { id: string } | null;
}

function SectionRow(props: { section: SectionRowData; locales: readonly string[]; others: readonly SectionRowData[]; onDone: () => void }) {
  const { t } = useTranslation(['admin', 'common', 'review']);
  const { section } = props;
  const [mode, setMode] = useState<'view' | 'rename' | 'retire'>('view');
  const [names, setNames] = useState<Names>(() => Object.fromEntries(section.names.map((n) => [n.locale, n.name])));
  const [moveTo, setMoveTo] = useState('');
  const done = () => {
    setMode('view');
    props.onDone();
  };
  const rename = useAction(AdminSectionsPage_RenameMutation, (d) => d.renameSection, done);
  const retire = useAction(AdminSectionsPage_RetireMutation, (d) => d.retireSection, done);
  const renameProblems = rename.outcome && !rename.outcome.ok ? rename.outcome.problems : {};
  return (
    <tr className={section.retired ? 'muted' : undefined}>
      <td data-label={t('sections.columns.key')}>
        <code>{section.key}</code>
        {section.retired && (
          <>
            {' '}
            <span className="badge">{t('sections.retired')}</span>
          </>
        )}
      </td>
      <td data-label={t('sections.columns.names')}>
        {mode === 'rename' ? (
          <form
            className="form-row"
            onSubmit={(event) => {
              event.preventDefault();
              void rename.run({ key: section.key, names: namesInput(names) });
            }}
            noValidate
          >
            <NameFields locales={props.locales} names={names} onChange={setNames} problems={renameProblems} idPrefix={`rename-${section.key}`} />
            <button type="submit" className="primary">
              {t('sections.saveNames')}
            </button>
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              {t('common:actions.cancel')}
            </button>
          </form>
        ) : (
          section.names.map((n) => (
            <div key={n.locale}>
              <span className="muted small">{n.locale}</span> {n.name}
            </div>
          ))
        )}
        <ActionFeedback outcome={rename.outcome} />
      </td>
      <td data-label={t('sections.columns.apps')}>{section.appCount ?? 0}</td>
      <td data-label={t('sections.columns.checklist')}>
        {section.retired ? (
          <span className="muted">—</span>
        ) : (
          <Link href={`/admin/templates/${encodeURIComponent(section.key)}`}>{section.checklistTemplate ? t('sections.ownTemplate') : t('sections.defaultTemplate')}</Link>
        )}
      </td>
      <td className="actions" data-label={t('sections.columns.actions')}>
        {!section.retired && mode === 'view' && (
          <>
            <button type="button" className="secondary" onClick={() => setMode('rename')}>
              {t('sections.rename')}
            </button>{' '}
            <button type="button" className="danger" onClick={() => setMode('retire')}>
              {t('sections.retire')}
            </button>
          </>
        )}
        {mode === 'retire' && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void retire.run({ key: section.key, moveTo: moveTo || null });
            }}
          >
            <label>
              {t('sections.moveAppsTo')}
              <select value={moveTo} onChange={(event) => setMoveTo(event.target.value)}>
                <option value="">{(section.appCount ?? 0) > 0 ? t('sections.chooseSection') : t('sections.noAppsToMove')}</option>
                {props.others.map((other) => (
                  <option key={other.key} value={other.key}>
                    {other.names[0]?.name ?? other.key}
                  </option>
                ))}
              </select>
            </label>{' '}
            <button type="submit" className="danger">
              {t('sections.retireKey', { key: section.key })}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setMode('view')}>
              {t('common:actions.cancel')}
            </button>
          </form>
        )}
        <ActionFeedback outcome={retire.outcome} />
      </td>
    </tr>
  );
}

interface RequestData {
  id: string;
  name: string;
  reason: string;
  createdAt: unknown;
  partner: { name: string };
  app?: { code: string } | null;
  requestedBy: { name: string };
}

function RequestCard(props: { request: RequestData; locales: readonly string[]; onDone: () => void }) {
  const { t } = useTranslation(['admin', 'common', 'review']);
  const { request } = props;
  const [key, setKey] = useState(() => keyFor(request.name));
  const [names, setNames] = useState<Names>(() => ({ [props.locales[0] ?? 'en']: request.name }));
  const [moveApp, setMoveApp] = useState(true);
  const [reason, setReason] = useState('');
  const accept = useAction(AdminSectionsPage_AcceptMutation, (d) => d.acceptSectionRequest, props.onDone);
  const decline = useAction(AdminSectionsPage_DeclineMutation, (d) => d.declineSectionRequest, props.onDone);
  const problems = accept.outcome && !accept.outcome.ok ? accept.outcome.problems : {};
  const declineProblems = decline.outcome && !decline.outcome.ok ? decline.outcome.problems : {};
  return (
    <div className="card" aria-label={t('sections.requestFor', { name: request.name })}>
      <h3>{request.name}</h3>
      <p className="muted small">
        {request.partner.name} · {request.requestedBy.name} · {formatDateTime(request.createdAt as string)}
        {request.app && (
          <>
            {' '}
            · <Trans t={t} i18nKey="sections.forApp" values={{ code: request.app.code }} components={{ 1: <code /> }} />
          </>
        )}
      </p>
      <p>{request.reason}</p>
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          void accept.run({ requestId: request.id, key: key.trim(), names: namesInput(names), moveApp: Boolean(request.app) && moveApp });
        }}
        noValidate
      >
        <label>
          {t('sections.sectionKey')}
          <input type="text" value={key} onChange={(event) => setKey(event.target.value)} aria-invalid={Boolean(problems.key) || undefined} />
          {problems.key && <span className="field-error">{problems.key.join(' ')}</span>}
        </label>
        <NameFields locales={props.locales} names={names} onChange={setNames} problems={problems} idPrefix={`accept-${request.id}`} />
        {request.app && (
          <label className="inline">
            <input type="checkbox" checked={moveApp} onChange={(event) => setMoveApp(event.target.checked)} /> {t('sections.moveAppInto', { code: request.app.code })}
          </label>
        )}
        <button type="submit" className="primary">
          {t('sections.acceptAndCreate')}
        </button>
      </form>
      <ActionFeedback outcome={accept.outcome} />
      <form
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          void decline.run({ requestId: request.id, reason });
        }}
        noValidate
      >
        <label>
          {t('sections.declineReason')}
          <input type="text" value={reason} onChange={(event) => setReason(event.target.value)} aria-invalid={Boolean(declineProblems.reason) || undefined} />
          {declineProblems.reason && <span className="field-error">{declineProblems.reason.join(' ')}</span>}
        </label>
        <button type="submit" className="secondary">
          {t('sections.decline')}
        </button>
      </form>
      <ActionFeedback outcome={decline.outcome} />
    </div>
  );
}
