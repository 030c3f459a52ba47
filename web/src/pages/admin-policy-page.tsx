import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ActionFeedback, useAction } from '../components/action';
import { HistoryList } from '../components/history-list';
import { QueryState } from '../components/query-state';
import { graphql } from '../gql';

const AdminPolicyPage_Query = graphql(`
  query AdminPolicyPage_Query {
    policy {
      requiredLocales
      currencies
      consultationEnabled
      reviewTargetHours
      listingEditsNeedReview
      approvalExpiryDays
    }
    marketplaceHistory(first: 20) {
      edges {
        node {
          cursor
          ...HistoryList_Event
        }
      }
    }
  }
`);

const AdminPolicyPage_UpdateMutation = graphql(`
  mutation AdminPolicyPage_UpdateMutation($input: PolicyInput!) {
    updatePolicy(input: $input) {
      __typename
      ...ActionResult_Error
      ... on MutationUpdatePolicySuccess {
        data {
          requiredLocales
          currencies
          consultationEnabled
          reviewTargetHours
          listingEditsNeedReview
          approvalExpiryDays
        }
      }
    }
  }
`);

/** A comma- or space-separated list as the API takes it. */
const splitList = (value: string) => value.split(/[\s,]+/).filter(Boolean);

/** The marketplace policy, edited by admins; every change is recorded in the marketplace history. */
export function AdminPolicyPage() {
  const { t } = useTranslation(['admin', 'common']);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: AdminPolicyPage_Query, requestPolicy: 'cache-and-network' });
  const refetch = () => reexecute({ requestPolicy: 'network-only' });
  const save = useAction(AdminPolicyPage_UpdateMutation, (d) => d.updatePolicy, refetch);
  const policy = data?.policy;
  const [form, setForm] = useState({ locales: '', currencies: '', consultation: true, hours: '', review: false, expiry: '' });
  // The form starts from the stored policy, and again after each save.
  useEffect(() => {
    if (!policy) return;
    setForm({
      locales: policy.requiredLocales.join(', '),
      currencies: policy.currencies.join(', '),
      consultation: policy.consultationEnabled,
      hours: String(policy.reviewTargetHours),
      review: policy.listingEditsNeedReview,
      expiry: String(policy.approvalExpiryDays),
    });
  }, [policy]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void save.run({
      input: {
        requiredLocales: splitList(form.locales),
        currencies: splitList(form.currencies),
        consultationEnabled: form.consultation,
        reviewTargetHours: Number(form.hours),
        listingEditsNeedReview: form.review,
        approvalExpiryDays: Number(form.expiry),
      },
    });
  }
  // Field problems keyed by the API's paths (`requiredLocales.1`), shown under their field.
  const problems = save.outcome && !save.outcome.ok ? save.outcome.problems : {};
  const fieldError = (field: string) => {
    const messages = Object.entries(problems)
      .filter(([key]) => key === field || key.startsWith(`${field}.`))
      .flatMap(([, list]) => list);
    return messages.length ? <span className="field-error">{messages.join(' ')}</span> : null;
  };

  return (
    <section aria-labelledby="policy-title">
      <div className="page-head">
        <h1 id="policy-title">{t('policy.title')}</h1>
      </div>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what={t('policy.what')} onRetry={refetch} />
      {policy && (
        <form className="card policy-form" onSubmit={submit} noValidate aria-label={t('policy.title')}>
          <label>
            {t('policy.locales')}
            <input type="text" value={form.locales} onChange={(e) => setForm({ ...form, locales: e.target.value })} aria-describedby="locales-help" />
            <span className="help" id="locales-help">
              {t('policy.localesHelp')}
            </span>
            {fieldError('requiredLocales')}
          </label>
          <label>
            {t('policy.currencies')}
            <input type="text" value={form.currencies} onChange={(e) => setForm({ ...form, currencies: e.target.value })} aria-describedby="currencies-help" />
            <span className="help" id="currencies-help">
              {t('policy.currenciesHelp')}
            </span>
            {fieldError('currencies')}
          </label>
          <label className="inline">
            <input type="checkbox" checked={form.consultation} onChange={(e) => setForm({ ...form, consultation: e.target.checked })} />
            {t('policy.consultation')}
          </label>
          <label className="inline">
            <input type="checkbox" checked={form.review} onChange={(e) => setForm({ ...form, review: e.target.checked })} />
            {t('policy.listingReview')}
          </label>
          <div className="form-row">
            <label>
              {t('policy.targetHours')}
              <input type="number" min={1} max={2160} value={form.hours} onChange={(e) => setForm({ ...form, hours: e.target.value })} />
              {fieldError('reviewTargetHours')}
            </label>
            <label>
              {t('policy.expiryDays')}
              <input type="number" min={1} max={365} value={form.expiry} onChange={(e) => setForm({ ...form, expiry: e.target.value })} />
              {fieldError('approvalExpiryDays')}
            </label>
          </div>
          <div className="button-row">
            <button type="submit" className="primary" aria-disabled={save.pending || undefined}>
              {save.pending ? t('policy.saving') : t('policy.save')}
            </button>
          </div>
          <ActionFeedback outcome={save.outcome} success={t('policy.saved')} />
        </form>
      )}
      {data && (
        <section className="card" aria-labelledby="marketplace-history-title">
          <h2 id="marketplace-history-title">{t('policy.history')}</h2>
          {/* The list reads oldest first and shows the newest first; this query is newest first already. */}
          <HistoryList events={[...data.marketplaceHistory.edges.map((edge) => edge.node)].reverse()} hasMore={false} loading={false} onLoadMore={() => {}} />
        </section>
      )}
    </section>
  );
}
