import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { ActionFeedback, useAction } from '../components/action';
import { QueryState } from '../components/query-state';
import { graphql } from '../gql';
import type { ChecklistAnswerKind } from '../gql/graphql';
import { currentLanguage } from '../i18n';

const AdminTemplatePage_Query = graphql(`
  query AdminTemplatePage_Query($isDefault: Boolean!, $locale: String!) {
    allSections {
      key
      retired
      name(locale: $locale)
      checklistTemplate {
        id
        key
        items {
          key
          label
          help
          kind
          mandatory
        }
      }
    }
    defaultChecklistTemplate @include(if: $isDefault) {
      id
      key
      items {
        key
        label
        help
        kind
        mandatory
      }
    }
    fallback: defaultChecklistTemplate @skip(if: $isDefault) {
      id
      items {
        key
        label
        help
        kind
        mandatory
      }
    }
  }
`);

const AdminTemplatePage_SaveMutation = graphql(`
  mutation AdminTemplatePage_SaveMutation($sectionKey: String, $items: [ChecklistTemplateItemInput!]!) {
    setChecklistTemplate(sectionKey: $sectionKey, items: $items) {
      __typename
      ...ActionResult_Error
      ... on MutationSetChecklistTemplateSuccess {
        data {
          id
          key
        }
      }
    }
  }
`);

interface Item {
  key: string;
  label: string;
  help: string;
  kind: ChecklistAnswerKind;
  mandatory: boolean;
}

const KINDS: readonly ChecklistAnswerKind[] = ['CONFIRMATION', 'TEXT', 'URL', 'CREDENTIALS'];

/** Admins: a section's checklist template (or the default one, `default`): items, order, kinds, mandatory flags. */
export function AdminTemplatePage(props: { section: string }) {
  const { t } = useTranslation(['admin', 'common']);
  const isDefault = props.section === 'default';
  // The section's name in the reader's language (the API falls back to the first required locale).
  const locale = currentLanguage();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AdminTemplatePage_Query, variables: { isDefault, locale }, requestPolicy: 'cache-and-network' });
  const section = data?.allSections.find((s) => s.key === props.section) ?? null;
  const template = isDefault ? data?.defaultChecklistTemplate : (section?.checklistTemplate ?? null);
  const source = template ?? (isDefault ? null : data?.fallback) ?? null;
  const [items, setItems] = useState<Item[] | null>(null);
  // The editor starts from what is saved (a section without its own template: a copy of the default one).
  useEffect(() => {
    if (data && items === null) setItems((source?.items ?? []).map((i) => ({ key: i.key, label: i.label, help: i.help ?? '', kind: i.kind, mandatory: i.mandatory })));
  }, [data, source, items]);
  const save = useAction(AdminTemplatePage_SaveMutation, (d) => d.setChecklistTemplate, () => reexecute({ requestPolicy: 'network-only' }));
  const problems = save.outcome && !save.outcome.ok ? save.outcome.problems : {};
  const title = isDefault ? t('template.titleDefault') : t('template.titleSection', { name: section?.name ?? props.section });

  const update = (index: number, change: Partial<Item>) => setItems((list) => list && list.map((item, i) => (i === index ? { ...item, ...change } : item)));
  const move = (index: number, by: number) =>
    setItems((list) => {
      if (!list || index + by < 0 || index + by >= list.length) return list;
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!items || save.pending) return;
    void save.run({
      sectionKey: isDefault ? null : props.section,
      items: items.map((i) => ({ key: i.key.trim(), label: i.label, help: i.help.trim() || null, kind: i.kind, mandatory: i.mandatory })),
    });
  }

  return (
    <section aria-labelledby="template-title">
      <p>
        <Link href="/admin/sections">{t('template.backToSections')}</Link>
      </p>
      <h1 id="template-title">{title}</h1>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what={t('template.what')} />
      {data && !isDefault && !section && <p className="feedback error">{t('template.noSection', { key: props.section })}</p>}
      {data && !isDefault && section && !template && (
        <p className="feedback warn">{t('template.usesDefault')}</p>
      )}
      <p className="muted">{t('template.appliesTo')}</p>
      {items && (isDefault || section) && (
        <form onSubmit={submit} noValidate>
          <ol className="template-items">
            {items.map((item, index) => {
              const p = (field: string) => problems[`items.${index}.${field}`];
              return (
                <li key={index} className="card template-item" aria-label={t('template.item', { number: index + 1 })}>
                  <div className="form-row">
                    <label>
                      {t('template.key')}
                      <input type="text" value={item.key} onChange={(event) => update(index, { key: event.target.value })} aria-invalid={Boolean(p('key')) || undefined} />
                      {p('key') && <span className="field-error">{p('key')!.join(' ')}</span>}
                    </label>
                    <label className="grow">
                      {t('template.label')}
                      <input type="text" value={item.label} onChange={(event) => update(index, { label: event.target.value })} aria-invalid={Boolean(p('label')) || undefined} />
                      {p('label') && <span className="field-error">{p('label')!.join(' ')}</span>}
                    </label>
                    <label>
                      {t('template.answerKind')}
                      <select value={item.kind} onChange={(event) => update(index, { kind: event.target.value as ChecklistAnswerKind })}>
                        {KINDS.map((kind) => (
                          <option key={kind} value={kind}>
                            {t(`template.kind.${kind}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label className="inline">
                      <input type="checkbox" checked={item.mandatory} onChange={(event) => update(index, { mandatory: event.target.checked })} /> {t('template.mandatory')}
                    </label>
                  </div>
                  <div className="form-row">
                    <label className="grow">
                      {t('template.help')}
                      <input type="text" value={item.help} onChange={(event) => update(index, { help: event.target.value })} />
                    </label>
                    <span>
                      <button type="button" className="secondary" onClick={() => move(index, -1)} disabled={index === 0} aria-label={t('template.moveUp', { number: index + 1 })}>
                        ↑
                      </button>{' '}
                      <button type="button" className="secondary" onClick={() => move(index, 1)} disabled={index === items.length - 1} aria-label={t('template.moveDown', { number: index + 1 })}>
                        ↓
                      </button>{' '}
                      <button type="button" className="danger" onClick={() => setItems(items.filter((_, i) => i !== index))} aria-label={t('template.remove', { number: index + 1 })}>
                        {t('template.removeButton')}
                      </button>
                    </span>
                  </div>
                </li>
              );
            })}
          </ol>
          <p>
            <button type="button" className="secondary" onClick={() => setItems([...items, { key: '', label: '', help: '', kind: 'CONFIRMATION', mandatory: true }])}>
              {t('template.addItem')}
            </button>{' '}
            <button type="submit" className="primary">
              {save.pending ? t('template.saving') : t('template.save')}
            </button>
          </p>
          <ActionFeedback outcome={save.outcome} success={t('template.saved')} />
        </form>
      )}
    </section>
  );
}
