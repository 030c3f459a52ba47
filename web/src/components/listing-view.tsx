import { type FragmentType, getFragmentData, graphql } from '../gql';
import { formatMoney } from '../lib/format';
import { editorLocales, localeCompleteness, TEXT_FIELDS } from '../lib/locales';
import { Logo } from './logo';

export const ListingView_AppFragment = graphql(`
  fragment ListingView_App on App {
    id
    code
    logoSvg
    countries
    supportUrl
    documentationUrl
    section {
      key
      name
    }
    pricing {
      priceMinor
      discountedPriceMinor
      trialDays
      currency
      free
    }
    texts {
      locale
      name
      description
      installationGuide
    }
  }
`);

/** The price line: free, or the price with the discount crossed out, and the trial. */
export function PriceLine(props: {
  priceMinor: number;
  discountedPriceMinor: number | null | undefined;
  trialDays: number | null | undefined;
  currency: string;
}) {
  const { priceMinor, discountedPriceMinor, trialDays, currency } = props;
  if (priceMinor === 0) return <span className="price">Free</span>;
  return (
    <span className="price">
      {discountedPriceMinor != null && discountedPriceMinor < priceMinor ? (
        <>
          <s aria-label={`was ${formatMoney(priceMinor, currency)}`}>{formatMoney(priceMinor, currency)}</s>{' '}
          {formatMoney(discountedPriceMinor, currency)}
        </>
      ) : (
        formatMoney(priceMinor, currency)
      )}{' '}
      / month{trialDays ? ` · ${trialDays}-day trial` : ''}
    </span>
  );
}

/** The listing as staff review it: every locale side by side, then the other fields. */
export function ListingView(props: { app: FragmentType<typeof ListingView_AppFragment> }) {
  const app = getFragmentData(ListingView_AppFragment, props.app);
  const locales = editorLocales(app.texts);
  return (
    <div className="listing-view">
      <div className="locales" style={{ gridTemplateColumns: `repeat(${locales.length}, minmax(0, 1fr))` }}>
        {locales.map((locale) => {
          const text = app.texts.find((t) => t.locale === locale);
          const completeness = localeCompleteness(locale, text);
          return (
            <section key={locale} className="locale-column" aria-label={`Listing in ${locale}`} lang={locale}>
              <h3>
                {locale.toUpperCase()}{' '}
                <span className={completeness.complete ? 'badge available' : 'badge unavailable'}>
                  {completeness.filled}/{completeness.total}
                </span>
              </h3>
              {TEXT_FIELDS.map((field) => (
                <div key={field.key} className="text-field">
                  <h4>{field.label}</h4>
                  {text?.[field.key]?.trim() ? <p className="prewrap">{text[field.key]}</p> : <p className="missing">Empty</p>}
                </div>
              ))}
            </section>
          );
        })}
      </div>
      <dl className="facts">
        <dt>Logo</dt>
        <dd>{app.logoSvg ? <Logo svg={app.logoSvg} size={64} /> : <span className="missing">No logo</span>}</dd>
        <dt>Section</dt>
        <dd>{app.section?.name ?? <span className="missing">None</span>}</dd>
        <dt>Countries</dt>
        <dd>{app.countries.length ? app.countries.join(', ') : <span className="missing">None</span>}</dd>
        <dt>Pricing</dt>
        <dd>
          <PriceLine {...app.pricing} />
        </dd>
        <dt>Support page</dt>
        <dd>{app.supportUrl ? <ExternalLink href={app.supportUrl} /> : <span className="missing">None</span>}</dd>
        <dt>Documentation</dt>
        <dd>{app.documentationUrl ? <ExternalLink href={app.documentationUrl} /> : <span className="missing">None</span>}</dd>
      </dl>
    </div>
  );
}

/** A partner-supplied link, opened without handing over the dashboard's window. */
export function ExternalLink(props: { href: string }) {
  return (
    <a href={props.href} target="_blank" rel="noopener noreferrer nofollow">
      {props.href}
    </a>
  );
}
