import { useState } from 'react';
import { useQuery } from 'urql';
import { AppCard } from '../components/app-card';
import { graphql } from '../gql';

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

/** The public catalog, as a third party would build it on the API. */
export function CatalogPage() {
  const [locale, setLocale] = useState('en');
  const [search, setSearch] = useState('');
  const [section, setSection] = useState('');
  const [freeOnly, setFreeOnly] = useState(false);
  const [{ data, fetching, error }] = useQuery({
    query: CatalogPageQuery,
    variables: {
      locale,
      first: 24,
      filter: { search: search || null, section: section || null, freeOnly: freeOnly || null },
    },
  });
  const apps = data?.catalog.edges.map((edge) => edge.node) ?? [];

  return (
    <section aria-labelledby="catalog-title">
      <h1 id="catalog-title">App catalog</h1>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          Search
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <label>
          Section
          <select value={section} onChange={(event) => setSection(event.target.value)}>
            <option value="">All sections</option>
            {data?.sections.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={freeOnly} onChange={(event) => setFreeOnly(event.target.checked)} />
          Free only
        </label>
        <label>
          Language
          <select value={locale} onChange={(event) => setLocale(event.target.value)}>
            <option value="en">English</option>
            <option value="ru">Русский</option>
          </select>
        </label>
      </form>
      {error && <p role="alert">Could not load the catalog: {error.message}</p>}
      {fetching && !data && <p aria-live="polite">Loading…</p>}
      {data && apps.length === 0 && <p>No app matches these filters.</p>}
      <div className="grid">
        {data?.catalog.edges.map((edge) => (
          <AppCard key={edge.node.id} app={edge.node} locale={locale} />
        ))}
      </div>
    </section>
  );
}
