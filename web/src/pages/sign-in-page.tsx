import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import i18n from '../i18n';
import { graphql } from '../gql';
import { failureSentence, typedErrorMessage } from '../lib/errors';
import { useSession } from '../session';

const SignInPage_LoginMutation = graphql(`
  mutation SignInPage_LoginMutation($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      __typename
      ... on MutationLoginSuccess {
        data {
          token
          expiresAt
        }
      }
      ... on Error {
        message
      }
      ... on RateLimitedError {
        retryAfterSeconds
      }
      ... on ValidationError {
        problems {
          field
          message
        }
      }
    }
  }
`);

const SignInPage_DemoQuery = graphql(`
  query SignInPage_DemoQuery {
    demoMode
  }
`);

const DEMO_PASSWORD = 'vetline-demo';
/** The seeded demo users; `who` is read in the current language when the list renders. */
const DEMO_ACCOUNTS: { email: string; who: () => string }[] = [
  { email: 'admin@vetline.dev', who: () => i18n.t('signIn.demoWho.admin') },
  { email: 'rita@vetline.dev', who: () => i18n.t('signIn.demoWho.reviewer') },
  { email: 'ivan@vetline.dev', who: () => i18n.t('signIn.demoWho.reviewer') },
  { email: 'anna@acme.dev', who: () => i18n.t('signIn.demoWho.owner', { partner: 'Acme Apps' }) },
  { email: 'max@acme.dev', who: () => i18n.t('signIn.demoWho.member', { partner: 'Acme Apps' }) },
  { email: 'olga@nordlys.dev', who: () => i18n.t('signIn.demoWho.owner', { partner: 'Nordlys Software' }) },
  { email: 'carol@corner.shop', who: () => i18n.t('signIn.demoWho.accountAdmin', { account: 'Corner Shop', country: 'US' }) },
  { email: 'misha@magazin.shop', who: () => i18n.t('signIn.demoWho.accountAdmin', { account: 'Магазин у дома', country: 'RU' }) },
  { email: 'otto@oldtown.shop', who: () => i18n.t('signIn.demoWho.accountAdmin', { account: 'Old Town Store', country: 'DE' }) },
];

/** E-mail and password in, a session token out (kept in localStorage, shared by every tab). */
export function SignInPage(props: { expired?: boolean; notice?: string }) {
  const { t } = useTranslation();
  // The demo sign-ins are listed only where the server serves the seeded demo marketplace.
  const [demo] = useQuery({ query: SignInPage_DemoQuery });
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; problems: Record<string, string> } | null>(null);
  const [{ fetching }, login] = useMutation(SignInPage_LoginMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const result = await login({ email: email.trim(), password });
    const payload = result.data?.login;
    if (payload?.__typename === 'MutationLoginSuccess') {
      session.signIn(payload.data.token);
      return;
    }
    const problems: Record<string, string> = {};
    if (payload?.__typename === 'ValidationError') for (const p of payload.problems) problems[p.field] = p.message;
    setError({
      message: payload ? typedErrorMessage(payload) : result.error ? failureSentence(result.error) : t('signIn.failed'),
      problems,
    });
  }

  return (
    <section className="narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {props.expired && (
        <p className="feedback warn" role="status">
          {t('signIn.expired')}{' '}
          <button type="button" className="link-button" onClick={session.signOut}>
            {t('signIn.forgetSession')}
          </button>
        </p>
      )}
      {props.notice && (
        <p className="feedback warn" role="status">
          {props.notice}
        </p>
      )}
      <form className="form card" onSubmit={submit} noValidate>
        <label>
          {t('signIn.email')}
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={Boolean(error?.problems.email) || undefined}
          />
          {error?.problems.email && <span className="field-error">{error.problems.email}</span>}
        </label>
        <label>
          {t('signIn.password')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={Boolean(error?.problems.password) || undefined}
          />
          {error?.problems.password && <span className="field-error">{error.problems.password}</span>}
        </label>
        {error && (
          <p className="feedback error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" className="primary" aria-disabled={fetching || undefined}>
          {fetching ? t('signIn.pending') : t('signIn.submit')}
        </button>
      </form>
      {demo.data?.demoMode && (
      <section className="card demo" aria-labelledby="demo-title">
        <h2 id="demo-title">{t('signIn.demoTitle')}</h2>
        <p>
          {t('signIn.demoHint')} <code>{DEMO_PASSWORD}</code>
        </p>
        <ul className="plain">
          {DEMO_ACCOUNTS.map((account) => (
            <li key={account.email}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setEmail(account.email);
                  setPassword(DEMO_PASSWORD);
                }}
              >
                {account.email}
              </button>{' '}
              <span className="muted">— {account.who()}</span>
            </li>
          ))}
        </ul>
      </section>
      )}
    </section>
  );
}
