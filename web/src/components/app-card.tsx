import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { formatMoney } from '../lib/format';
import { Logo } from './logo';

export const AppCard_AppFragment = graphql(`
  fragment AppCard_App on App {
    id
    code
    listing(locale: $locale) {
      locale
      name
      description
    }
    section {
      key
      name(locale: $locale)
    }
    logoSvg
    countries
    minApiVersion
    pricing {
      priceMinor
      discountedPriceMinor
      trialDays
      currency
      free
    }
  }
`);

const money = (minor: number, currency: string, locale: string) => formatMoney(minor, currency, locale);

/** An app as the catalog shows it. */
export function AppCard(props: { app: FragmentType<typeof AppCard_AppFragment>; locale: string; actions?: ReactNode }) {
  const { t } = useTranslation();
  const app = getFragmentData(AppCard_AppFragment, props.app);
  const { pricing } = app;
  return (
    <article className="card" aria-labelledby={`app-${app.id}`}>
      <div className="card-head">
        <Logo svg={app.logoSvg} />
        <div>
          {/* The listing's texts are in its locale (maybe a fallback), so screen readers pronounce them right. */}
          <h2 id={`app-${app.id}`} lang={app.listing?.locale}>
            {app.listing?.name ?? app.code}
          </h2>
          <p className="muted">
            {app.section?.name ?? t('appCard.uncategorised')} · <code>{app.code}</code>
          </p>
        </div>
      </div>
      <p lang={app.listing?.locale}>{app.listing?.description}</p>
      <p className="price">
        {pricing.free ? (
          t('appCard.free')
        ) : pricing.discountedPriceMinor != null ? (
          <>
            <s>{money(pricing.priceMinor, pricing.currency, props.locale)}</s>{' '}
            {t('appCard.perMonth', { price: money(pricing.discountedPriceMinor, pricing.currency, props.locale) })}
          </>
        ) : (
          t('appCard.perMonth', { price: money(pricing.priceMinor, pricing.currency, props.locale) })
        )}
        {pricing.trialDays ? ` · ${t('appCard.trial', { count: pricing.trialDays })}` : ''}
      </p>
      <p className="muted small">
        {t('appCard.minApi', { version: app.minApiVersion })} · {app.countries.join(', ')}
      </p>
      {props.actions}
    </article>
  );
}
