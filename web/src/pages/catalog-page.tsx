import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { AppCard } from '../components/app-card';
import { QueryState } from '../components/query-state';
import { graphql } from '../gql';
import { currentLanguage } from '../i18n';

const CatalogPageQuery = graphql(`
  query CatalogPage_CatalogQuery($locale: String, $filter: CatalogFilter, $first: Int, $after: String) {
    sections {
      key
      name(locale: $locale)
    }
    catalog(locale: $locale, filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          ...AppCard_App
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PAGE_SIZE = 12;

/** The page's one query; "load more" asks for the next page, which the cache appends. */
function useCatalog(variables: { locale: string; filter: Record<string, unknown> }) {
  // The cursor belongs to the filters it was read with; new filters start from the first page.
  const key = JSON.stringify(variables);
  const [page, setPage] = useState<{ key: string; after: string | null }>({ key, after: null });
  const after = page.key === key ? page.after : null;
  // Shown from the cache at once and revalidated: apps go live and change while the page is closed.
  const [result, reexecute] = useQuery({ query: CatalogPageQuery, variables: { ...variables, first: PAGE_SIZE, after }, requestPolicy: 'cache-and-network' });
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const loadMore = useCallback(() => {
    const cursor = result.data?.catalog.pageInfo.endCursor;
    if (cursor) setPage({ key, after: cursor });
  }, [result.data, key]);
  return { ...result, refetch, loadMore };
}

/** The public catalog, as a third party would build it on the API. */
export function CatalogPage() {
  const { t } = useTranslation();
  // The listings start in the dashboard's language; a storefront in another one is a pick away.
  const [locale, setLocale] = useState<string>(currentLanguage);
  const [search, setSearch] = useState('');
  const [section, setSection] = useState('');
  const [freeOnly, setFreeOnly] = useState(false);
  const [country, setCountry] = useState('');
  const [apiVersion, setApiVersion] = useState('');
  const filter = useMemo(
    () => ({
      search: search.trim() || null,
      section: section || null,
      freeOnly: freeOnly || null,
      country: /^[A-Za-z]{2}$/.test(country.trim()) ? country.trim().toUpperCase() : null,
      apiVersion: /^\d+$/.test(apiVersion.trim()) ? Number(apiVersion) : null,
    }),
    [search, section, freeOnly, country, apiVersion],
  );
  const { data, fetching, error, loadMore } = useCatalog({ locale, filter });
  const apps = data?.catalog.edges.map((edge) => edge.node) ?? [];
  const countryInvalid = country.trim() !== '' && filter.country == null;

  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">{t('catalog.title')}</h1>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('catalog.search')}
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label>
          {t('catalog.section')}
          <select value={section} onChange={(event) => setSection(event.target.value)}>
            <option value="">{t('catalog.allSections')}</option>
            {data?.sections.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('catalog.country')}
          <input
            type="text"
            size={4}
            maxLength={2}
            placeholder={t('catalog.countryPlaceholder')}
            value={country}
            onChange={(event) => setCountry(event.target.value.toUpperCase())}
            aria-invalid={countryInvalid || undefined}
            aria-describedby="country-help"
          />
          <span id="country-help" className={countryInvalid ? 'field-error' : 'help'}>
            {countryInvalid ? t('catalog.countryInvalid') : t('catalog.countryHelp')}
          </span>
        </label>
        <label>
          {t('catalog.apiVersion')}
          <input type="number" min={1} size={4} value={apiVersion} onChange={(event) => setApiVersion(event.target.value)} aria-describedby="api-help" />
          <span id="api-help" className="help">
            {t('catalog.apiVersionHelp')}
          </span>
        </label>
        <label className="inline">
          <input type="checkbox" checked={freeOnly} onChange={(event) => setFreeOnly(event.target.checked)} />
          {t('catalog.freeOnly')}
        </label>
        <label>
          {t('catalog.listingLanguage')}
          <select value={locale} onChange={(event) => setLocale(event.target.value)}>
            <option value="en">English</option>
            <option value="ru">Русский</option>
          </select>
        </label>
      </form>
      <QueryState fetching={fetching} error={error} hasData={Boolean(data)} what={t('catalog.what')} />
      {data && apps.length === 0 && <p className="empty">{t('catalog.empty')}</p>}
      <div className="grid">
        {data?.catalog.edges.map((edge) => (
          <AppCard key={edge.node.id} app={edge.node} locale={locale} />
        ))}
      </div>
      {data?.catalog.pageInfo.hasNextPage && (
        <p className="load-more">
          <button type="button" className="secondary" onClick={loadMore} aria-disabled={fetching || undefined}>
            {fetching ? t('catalog.loading') : t('catalog.loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}
