import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('editor');
  const { priceMinor, discountedPriceMinor, trialDays, currency } = props;
  if (priceMinor === 0) return <span className="price">{t('price.free')}</span>;
  const discounted = discountedPriceMinor != null && discountedPriceMinor < priceMinor;
  return (
    <span className="price">
      {discounted && (
        <>
          <s aria-label={t('price.was', { price: formatMoney(priceMinor, currency) })}>{formatMoney(priceMinor, currency)}</s>{' '}
        </>
      )}
      {perMonth(t, formatMoney(discounted ? discountedPriceMinor : priceMinor, currency), trialDays)}
    </span>
  );
}

/** `$19.00 / month`, with the trial when there is one: one sentence per language. */
export function perMonth(t: TFunction<'editor'>, price: string, trialDays: number | null | undefined): string {
  return trialDays ? t('price.perMonthTrial', { price, count: trialDays }) : t('price.perMonth', { price });
}

/** The listing as staff review it: every locale side by side, then the other fields. */
export function ListingView(props: { app: FragmentType<typeof ListingView_AppFragment> }) {
  const { t } = useTranslation('editor');
  const app = getFragmentData(ListingView_AppFragment, props.app);
  const locales = editorLocales(app.texts);
  return (
    <div className="listing-view">
      <div className="locales" style={{ gridTemplateColumns: `repeat(${locales.length}, minmax(0, 1fr))` }}>
        {locales.map((locale) => {
          const text = app.texts.find((t) => t.locale === locale);
          const completeness = localeCompleteness(locale, text);
          return (
            <section key={locale} className="locale-column" aria-label={t('listingView.inLocale', { locale })} lang={locale}>
              <h3>
                {locale.toUpperCase()}{' '}
                <span className={completeness.complete ? 'badge available' : 'badge unavailable'}>
                  {completeness.filled}/{completeness.total}
                </span>
              </h3>
              {TEXT_FIELDS.map((field) => (
                <div key={field.key} className="text-field">
                  <h4>{t(`fields.${field.key}`)}</h4>
                  {text?.[field.key]?.trim() ? <p className="prewrap">{text[field.key]}</p> : <p className="missing">{t('listingView.empty')}</p>}
                </div>
              ))}
            </section>
          );
        })}
      </div>
      <dl className="facts">
        <dt>{t('listingView.logo')}</dt>
        <dd>{app.logoSvg ? <Logo svg={app.logoSvg} size={64} /> : <span className="missing">{t('listingView.noLogo')}</span>}</dd>
        <dt>{t('listingView.section')}</dt>
        <dd>{app.section?.name ?? <span className="missing">{t('listingView.none')}</span>}</dd>
        <dt>{t('listingView.countries')}</dt>
        <dd>{app.countries.length ? app.countries.join(', ') : <span className="missing">{t('listingView.none')}</span>}</dd>
        <dt>{t('listingView.pricing')}</dt>
        <dd>
          <PriceLine {...app.pricing} />
        </dd>
        <dt>{t('listingView.supportPage')}</dt>
        <dd>{app.supportUrl ? <ExternalLink href={app.supportUrl} /> : <span className="missing">{t('listingView.none')}</span>}</dd>
        <dt>{t('listingView.documentation')}</dt>
        <dd>{app.documentationUrl ? <ExternalLink href={app.documentationUrl} /> : <span className="missing">{t('listingView.none')}</span>}</dd>
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
