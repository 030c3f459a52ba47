import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import type { ListingInput } from '../gql/graphql';
import { refusalMessages } from '../lib/capabilities';
import { discountPercent, formatMoney, inputToMinor, minorToInput } from '../lib/format';
import { editorFieldForProblem, editorLocales, localeCompleteness, TEXT_FIELDS, type TextField } from '../lib/locales';
import { ActionFeedback, useAction } from './action';
import { perMonth } from './listing-view';
import { Logo } from './logo';

export const ListingEditor_AppFragment = graphql(`
  fragment ListingEditor_App on App {
    id
    code
    logoSvg
    countries
    supportUrl
    documentationUrl
    section {
      key
    }
    pricing {
      priceMinor
      discountedPriceMinor
      trialDays
      currency
    }
    texts {
      locale
      name
      description
      installationGuide
    }
    viewerCan {
      updateListing {
        allowed
        reasons {
          code
          message
        }
      }
      changeSection {
        allowed
        reasons {
          code
          message
        }
      }
    }
  }
`);

const ListingEditor_UpdateListingMutation = graphql(`
  mutation ListingEditor_UpdateListingMutation($appId: ID!, $listing: ListingInput!) {
    updateListing(appId: $appId, listing: $listing) {
      __typename
      ...ActionResult_Error
      ... on MutationUpdateListingSuccess {
        data {
          id
          logoSvg
          countries
          supportUrl
          documentationUrl
          section {
            key
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
      }
    }
  }
`);

type Texts = Record<string, Record<TextField, string>>;

/** Problems keyed by the editor's field ids (`text.ru.name`, `priceMinor`, `countries`, …). */
type Problems = Record<string, string[]>;

function FieldError(props: { problems: Problems; field: string; id?: string }) {
  const messages = props.problems[props.field];
  if (!messages?.length) return null;
  return (
    <span className="field-error" id={props.id}>
      {messages.join(' ')}
    </span>
  );
}

/**
 * The partner's listing editor: texts per locale with completeness, pricing with a discount
 * preview, countries, section, SVG logo and URLs. Saves apply at once (recorded in the history),
 * unless `reviewed`: then a live app's save waits for the marketplace as a listing round.
 */
export function ListingEditor(props: {
  app: FragmentType<typeof ListingEditor_AppFragment>;
  sections: readonly { key: string; name: string }[];
  /** The marketplace policy: which locales are required, which currencies are offered. */
  policy: { requiredLocales: readonly string[]; currencies: readonly string[] } | null;
  /** The policy asks for review of a live app's edits, and this app is live. */
  reviewed?: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation('editor');
  const app = getFragmentData(ListingEditor_AppFragment, props.app);
  const locales = editorLocales(app.texts, props.policy?.requiredLocales);
  const [texts, setTexts] = useState<Texts>(() =>
    Object.fromEntries(
      locales.map((locale) => {
        const text = app.texts.find((t) => t.locale === locale);
        return [locale, { name: text?.name ?? '', description: text?.description ?? '', installationGuide: text?.installationGuide ?? '' }];
      }),
    ),
  );
  const [sectionKey, setSectionKey] = useState(app.section?.key ?? '');
  const [countries, setCountries] = useState(app.countries.join(', '));
  const [price, setPrice] = useState(minorToInput(app.pricing.priceMinor));
  const [discount, setDiscount] = useState(minorToInput(app.pricing.discountedPriceMinor));
  const [trialDays, setTrialDays] = useState(app.pricing.trialDays?.toString() ?? '');
  const [currency, setCurrency] = useState(app.pricing.currency);
  const [supportUrl, setSupportUrl] = useState(app.supportUrl ?? '');
  const [documentationUrl, setDocumentationUrl] = useState(app.documentationUrl ?? '');
  const [problems, setProblems] = useState<Problems>({});
  const save = useAction(ListingEditor_UpdateListingMutation, (d) => d.updateListing, props.onChanged);
  const refusals = refusalMessages(app.viewerCan.updateListing);
  const readOnly = refusals.length > 0;

  const priceMinor = inputToMinor(price);
  const discountMinor = inputToMinor(discount);
  const percent = priceMinor != null && discountMinor != null ? discountPercent(priceMinor, discountMinor) : null;
  const trial = /^\d+$/.test(trialDays.trim()) ? Number(trialDays.trim()) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (readOnly || save.pending) return;
    const local: Problems = {};
    if (priceMinor == null || Number.isNaN(priceMinor)) local.priceMinor = [t('listing.invalidPrice')];
    if (discountMinor != null && Number.isNaN(discountMinor)) local.discountedPriceMinor = [t('listing.invalidDiscount')];
    const trialSent = trialDays.trim() === '' ? null : Number(trialDays);
    if (trialSent != null && !Number.isInteger(trialSent)) local.trialDays = [t('listing.invalidTrial')];
    if (Object.keys(local).length) {
      setProblems(local);
      return;
    }
    const sent = Object.keys(texts);
    const listing: ListingInput = {
      texts: sent.map((locale) => ({ locale, ...texts[locale] })),
      sectionKey: sectionKey || null,
      countries: countries.split(/[\s,;]+/).filter(Boolean),
      priceMinor,
      discountedPriceMinor: discountMinor,
      trialDays: trialSent,
      currency: currency.trim(),
      supportUrl: supportUrl.trim(),
      documentationUrl: documentationUrl.trim(),
    };
    setProblems({});
    const outcome = await save.run({ appId: app.id, listing });
    if (!outcome.ok) setProblems(mapProblems(outcome.problems, sent));
  }

  const describedBy = (field: string) => (problems[field] ? `${field}-error` : undefined);

  return (
    <form className="listing-editor" onSubmit={submit} noValidate aria-describedby={readOnly ? 'listing-readonly' : undefined}>
      {readOnly && (
        <p id="listing-readonly" className="reasons-box">
          {t('listing.readOnly', { reasons: refusals.join(' · ') })}
        </p>
      )}
      <fieldset disabled={readOnly} className="plain-fieldset">
        <legend className="sr-only">{t('listing.legend')}</legend>
        <div className="locale-editors">
          {Object.keys(texts).map((locale) => {
            const completeness = localeCompleteness(locale, texts[locale]);
            return (
              <fieldset key={locale} className="locale-column" lang={locale}>
                <legend>
                  {locale.toUpperCase()}{' '}
                  <span className={completeness.complete ? 'badge available' : 'badge unavailable'} aria-label={t('listing.textsFilled', { filled: completeness.filled, count: completeness.total })}>
                    {completeness.complete ? t('listing.complete') : `${completeness.filled}/${completeness.total}`}
                  </span>
                </legend>
                <div className="meter" aria-hidden="true">
                  <span style={{ width: `${(completeness.filled / completeness.total) * 100}%` }} />
                </div>
                {TEXT_FIELDS.map((field) => {
                  const id = `text.${locale}.${field.key}`;
                  const common = {
                    value: texts[locale]?.[field.key] ?? '',
                    onChange: (event: { target: { value: string } }) =>
                      setTexts((current) => ({ ...current, [locale]: { ...current[locale]!, [field.key]: event.target.value } })),
                    'aria-invalid': Boolean(problems[id]) || undefined,
                    'aria-describedby': describedBy(id),
                  };
                  return (
                    <label key={field.key}>
                      {t(`fields.${field.key}`)}
                      {field.key === 'name' ? <input type="text" {...common} /> : <textarea rows={field.key === 'description' ? 4 : 5} {...common} />}
                      <FieldError problems={problems} field={id} id={`${id}-error`} />
                    </label>
                  );
                })}
              </fieldset>
            );
          })}
        </div>

        <div className="form-grid">
          <label>
            {t('listing.section')}
            <select
              value={sectionKey}
              onChange={(event) => setSectionKey(event.target.value)}
              disabled={!app.viewerCan.changeSection.allowed}
              title={refusalMessages(app.viewerCan.changeSection).join(' ') || undefined}
              aria-invalid={Boolean(problems.sectionKey) || undefined}
            >
              <option value="">{t('listing.chooseSection')}</option>
              {props.sections.map((section) => (
                <option key={section.key} value={section.key}>
                  {section.name}
                </option>
              ))}
            </select>
            <FieldError problems={problems} field="sectionKey" />
          </label>
          <label>
            {t('listing.countries')}
            <input
              type="text"
              value={countries}
              onChange={(event) => setCountries(event.target.value)}
              aria-describedby={`countries-help ${describedBy('countries') ?? ''}`}
              aria-invalid={Boolean(problems.countries) || undefined}
            />
            <span id="countries-help" className="help">
              {t('listing.countriesHelp')}
            </span>
            <FieldError problems={problems} field="countries" id="countries-error" />
          </label>
          <label>
            {t('listing.supportUrl')}
            <input type="url" value={supportUrl} onChange={(event) => setSupportUrl(event.target.value)} aria-invalid={Boolean(problems.supportUrl) || undefined} aria-describedby={describedBy('supportUrl')} />
            <FieldError problems={problems} field="supportUrl" id="supportUrl-error" />
          </label>
          <label>
            {t('listing.documentationUrl')}
            <input
              type="url"
              value={documentationUrl}
              onChange={(event) => setDocumentationUrl(event.target.value)}
              aria-invalid={Boolean(problems.documentationUrl) || undefined}
              aria-describedby={describedBy('documentationUrl')}
            />
            <FieldError problems={problems} field="documentationUrl" id="documentationUrl-error" />
          </label>
        </div>

        <fieldset className="pricing">
          <legend>{t('listing.pricing')}</legend>
          <div className="form-grid">
            <label>
              {t('listing.price')}
              <input type="text" inputMode="decimal" value={price} onChange={(event) => setPrice(event.target.value)} aria-invalid={Boolean(problems.priceMinor) || undefined} aria-describedby={describedBy('priceMinor')} />
              <FieldError problems={problems} field="priceMinor" id="priceMinor-error" />
            </label>
            <label>
              {t('listing.discountedPrice')}
              <input
                type="text"
                inputMode="decimal"
                value={discount}
                onChange={(event) => setDiscount(event.target.value)}
                aria-invalid={Boolean(problems.discountedPriceMinor) || undefined}
                aria-describedby={describedBy('discountedPriceMinor')}
              />
              <FieldError problems={problems} field="discountedPriceMinor" id="discountedPriceMinor-error" />
            </label>
            <label>
              {t('listing.trialDays')}
              <input type="number" min={1} value={trialDays} onChange={(event) => setTrialDays(event.target.value)} aria-invalid={Boolean(problems.trialDays) || undefined} aria-describedby={describedBy('trialDays')} />
              <FieldError problems={problems} field="trialDays" id="trialDays-error" />
            </label>
            <label>
              {t('listing.currency')}
              {props.policy ? (
                <select value={currency} onChange={(event) => setCurrency(event.target.value)} aria-invalid={Boolean(problems.currency) || undefined} aria-describedby={describedBy('currency')}>
                  {[...new Set([...props.policy.currencies, currency])].filter(Boolean).map((code) => (
                    <option key={code} value={code}>
                      {code}
                    </option>
                  ))}
                </select>
              ) : (
                <input type="text" maxLength={3} value={currency} onChange={(event) => setCurrency(event.target.value.toUpperCase())} aria-invalid={Boolean(problems.currency) || undefined} aria-describedby={describedBy('currency')} />
              )}
              <FieldError problems={problems} field="currency" id="currency-error" />
            </label>
          </div>
          <p className="price-preview" aria-live="polite">
            {t('listing.preview')}{' '}
            {priceMinor == null || Number.isNaN(priceMinor) ? (
              <span className="muted">{t('listing.enterPrice')}</span>
            ) : priceMinor === 0 ? (
              <strong>{t('price.free')}</strong>
            ) : (
              <strong>
                {percent != null && discountMinor != null && (
                  <>
                    <s>{formatMoney(priceMinor, currency || 'USD')}</s>{' '}
                  </>
                )}
                {perMonth(t, formatMoney(percent != null && discountMinor != null ? discountMinor : priceMinor, currency || 'USD'), trial)}
                {percent != null && (
                  <>
                    {' '}
                    <span className="tag">−{percent}%</span>
                  </>
                )}
              </strong>
            )}
          </p>
        </fieldset>
      </fieldset>
      <div className="button-row sticky-actions">
        <button type="submit" className="primary" aria-disabled={readOnly || save.pending || undefined}>
          {save.pending ? t('saving') : t('listing.save')}
        </button>
        <span className="help">
          {props.reviewed ? t('listing.reviewedHelp') : t('listing.immediateHelp')}
        </span>
      </div>
      <ActionFeedback outcome={save.outcome} success={props.reviewed ? t('listing.sentForReview') : t('listing.saved')} />
    </form>
  );
}

/** The API's problem fields keyed as the editor's fields. */
function mapProblems(problems: Record<string, string[]>, sentLocales: string[]): Problems {
  const mapped: Problems = {};
  for (const [field, messages] of Object.entries(problems)) {
    const key = editorFieldForProblem(field, sentLocales);
    mapped[key] = [...(mapped[key] ?? []), ...messages];
  }
  return mapped;
}

const ListingEditor_UploadLogoMutation = graphql(`
  mutation ListingEditor_UploadLogoMutation($appId: ID!, $logoSvg: String) {
    updateListing(appId: $appId, listing: { logoSvg: $logoSvg }) {
      __typename
      ...ActionResult_Error
      ... on MutationUpdateListingSuccess {
        data {
          id
          logoSvg
        }
      }
    }
  }
`);

/** The SVG logo: a file read as text, previewed, then saved (sanitised by the server). */
export function LogoUpload(props: { appId: string; logoSvg: string | null | undefined; allowed: boolean; onChanged: () => void }) {
  const { t } = useTranslation('editor');
  const inputId = useId();
  const [preview, setPreview] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const upload = useAction(ListingEditor_UploadLogoMutation, (d) => d.updateListing, () => {
    setPreview(null);
    props.onChanged();
  });
  const problems = upload.outcome && !upload.outcome.ok ? upload.outcome.problems.logoSvg : undefined;

  function read(file: File) {
    setLocalError(null);
    upload.reset();
    if (!(file.type === 'image/svg+xml' || file.name.toLowerCase().endsWith('.svg'))) {
      setLocalError(t('logo.notSvg'));
      return;
    }
    const reader = new FileReader();
    reader.onprogress = (event) => setProgress(event.lengthComputable ? Math.round((event.loaded / event.total) * 100) : null);
    reader.onerror = () => {
      setProgress(null);
      setLocalError(t('logo.unreadable'));
    };
    reader.onload = () => {
      setProgress(null);
      const svg = String(reader.result ?? '');
      setPreview(svg);
      void upload.run({ appId: props.appId, logoSvg: svg });
    };
    setProgress(0);
    reader.readAsText(file);
  }

  const status = progress != null ? t('logo.reading', { percent: progress }) : upload.pending ? t('saving') : null;
  return (
    <div className="logo-upload">
      <Logo svg={preview ?? props.logoSvg} size={96} alt={preview ? t('logo.preview') : props.logoSvg ? t('logo.current') : ''} />
      <div className="stack">
        <label htmlFor={inputId}>{t('logo.label')}</label>
        <input
          id={inputId}
          type="file"
          accept=".svg,image/svg+xml"
          disabled={!props.allowed || upload.pending}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) read(file);
            event.target.value = '';
          }}
          aria-describedby={`${inputId}-status`}
        />
        <span id={`${inputId}-status`} className="help" aria-live="polite">
          {status ?? (upload.outcome?.ok ? t('logo.saved') : t('logo.sanitised'))}
        </span>
        {status && <progress max={100} value={progress ?? undefined} aria-label={t('logo.progress')} />}
        {(localError || problems) && (
          <span className="field-error" role="alert">
            {localError ?? problems?.join(' ')}
          </span>
        )}
        {upload.outcome && !upload.outcome.ok && !problems && <ActionFeedback outcome={upload.outcome} />}
        {props.logoSvg && props.allowed && (
          <button type="button" className="link-button" onClick={() => void upload.run({ appId: props.appId, logoSvg: null })}>
            {t('logo.remove')}
          </button>
        )}
      </div>
    </div>
  );
}
