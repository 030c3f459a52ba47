import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import i18n from '../../web/src/i18n/index.js';
import { interpretResult, refusalMessages } from '../../web/src/lib/capabilities.js';
import { explainFailure, failureKind, failureSentence, reasonSentence, typedErrorMessage } from '../../web/src/lib/errors.js';

const graphQLError = (code: string, message = `raw ${code} text`) => ({ message, extensions: { code } });

describe('failureKind', () => {
  it('should call a fetch that got no answer offline', () => {
    expect(failureKind({ networkError: new TypeError('Failed to fetch'), graphQLErrors: [] })).toBe('offline');
  });
  it('should call a gateway error offline (the server behind the proxy is restarting)', () => {
    for (const status of [502, 503, 504]) expect(failureKind({ networkError: new Error('x'), graphQLErrors: [], response: { status } })).toBe('offline');
  });
  it('should call another HTTP failure a server error, and 413 too large', () => {
    expect(failureKind({ networkError: new Error('x'), graphQLErrors: [], response: { status: 500 } })).toBe('server');
    expect(failureKind({ networkError: new Error('x'), graphQLErrors: [], response: { status: 413 } })).toBe('too-large');
  });
  it('should call every refused-token code signed out', () => {
    for (const code of ['TOKEN_EXPIRED', 'SESSION_ENDED', 'UNAUTHENTICATED']) expect(failureKind({ graphQLErrors: [graphQLError(code)] })).toBe('signed-out');
  });
  it('should prefer a refused session over the field errors it caused', () => {
    expect(failureKind({ graphQLErrors: [graphQLError('FORBIDDEN'), graphQLError('SESSION_ENDED')] })).toBe('signed-out');
  });
  it('should read FORBIDDEN, NOT_FOUND, limits and a missing database', () => {
    expect(failureKind({ graphQLErrors: [graphQLError('FORBIDDEN')] })).toBe('not-allowed');
    expect(failureKind({ graphQLErrors: [graphQLError('NOT_FOUND')] })).toBe('not-found');
    expect(failureKind({ graphQLErrors: [graphQLError('QUERY_LIMIT')] })).toBe('too-large');
    expect(failureKind({ graphQLErrors: [graphQLError('DATABASE_UNAVAILABLE')] })).toBe('unavailable');
  });
  it('should call a masked or unknown error a server error', () => {
    expect(failureKind({ graphQLErrors: [{ message: 'Unexpected error.' }] })).toBe('server');
    expect(failureKind({ graphQLErrors: [graphQLError('SOMETHING_NEW')] })).toBe('server');
  });
});

describe('explainFailure', () => {
  it('should never repeat the raw GraphQL or network text', () => {
    const errors = [
      { networkError: new TypeError('[Network] Failed to fetch'), graphQLErrors: [] },
      { graphQLErrors: [graphQLError('FORBIDDEN', '[GraphQL] Not authorized to resolve App.stage')] },
      { graphQLErrors: [graphQLError('TOKEN_EXPIRED', '[GraphQL] The credentials are not valid')] },
      { graphQLErrors: [{ message: '[GraphQL] Unexpected error.' }] },
    ];
    for (const error of errors) {
      const sentence = failureSentence(error);
      expect(sentence).not.toMatch(/\[GraphQL\]|\[Network\]|Failed to fetch|Not authorized|credentials/);
      expect(sentence.length).toBeGreaterThan(20);
    }
  });
  it('should say what happens next when the server cannot be reached', () => {
    expect(explainFailure({ networkError: new Error('x'), graphQLErrors: [] })).toMatchObject({
      title: 'Cannot reach the server',
      message: expect.stringContaining('reconnects by itself'),
    });
  });
  it('should ask to sign in again when the session has ended', () => {
    expect(explainFailure({ graphQLErrors: [graphQLError('SESSION_ENDED')] }).message).toContain('Sign in again');
  });
});

describe('typedErrorMessage', () => {
  it('should have a message of its own for every typed error the mutations answer', () => {
    const kinds = ['NotFoundError', 'ForbiddenError', 'InvalidStatusError', 'SubmissionIncompleteError', 'ValidationError', 'InvalidCredentialsError', 'RateLimitedError', 'ActionRefusedError'];
    const messages = kinds.map((kind) => typedErrorMessage({ __typename: kind, message: 'server text' }));
    expect(messages.every((m) => m !== 'server text' && m.length > 10)).toBe(true);
    expect(new Set(messages).size).toBe(kinds.length);
  });
  it('should not say "No such thread" when a thread cannot be found', () => {
    expect(typedErrorMessage({ __typename: 'NotFoundError', message: 'No such thread' })).toMatch(/no longer there.*Reload/);
  });
  it('should say how long to wait after too many attempts', () => {
    expect(typedErrorMessage({ __typename: 'RateLimitedError', retryAfterSeconds: 42 })).toContain('Wait 42 s');
    expect(typedErrorMessage({ __typename: 'RateLimitedError', retryAfterSeconds: 125 })).toContain('Wait 3 min');
  });
  it('should fall back to a sentence of its own for an unknown kind', () => {
    expect(typedErrorMessage({ __typename: 'SomethingNewError', message: 'internal.key' })).not.toContain('internal.key');
  });
});

describe('interpretResult with the error map', () => {
  it('should list an ActionRefusedError’s reasons once, under a message of its own', () => {
    const outcome = interpretResult({
      __typename: 'ActionRefusedError',
      message: 'Claimed by Ivan; Open blocking threads',
      reasons: [{ message: 'Claimed by Ivan' }, { message: 'Open blocking threads' }],
    });
    expect(outcome).toEqual({ ok: false, message: 'This is not possible now.', details: ['Claimed by Ivan', 'Open blocking threads'], problems: {} });
  });
  it('should list a ValidationError’s problems without their field keys', () => {
    const outcome = interpretResult({ __typename: 'ValidationError', message: 'body: Too long', problems: [{ field: 'body', message: 'Too long' }] });
    expect(outcome).toMatchObject({ ok: false, message: 'Some fields need a fix.', details: ['Too long'], problems: { body: ['Too long'] } });
  });
  it('should tell a transport failure through the same map', () => {
    const outcome = interpretResult(undefined, { networkError: new TypeError('Failed to fetch'), graphQLErrors: [] });
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/^Cannot reach the server\./) });
  });
});

describe('refusal reasons in Russian', () => {
  // Read from the printed schema, so a code added to the API without a Russian sentence fails here.
  const schema = readFileSync(path.resolve(import.meta.dirname, '../../server/schema.graphql'), 'utf8');
  const codes = [...(/enum ReasonCode \{([^}]*)\}/.exec(schema)?.[1] ?? '').matchAll(/[A-Z_]+/g)].map((m) => m[0]);
  const russian = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../web/src/i18n/locales/ru/common.json'), 'utf8')) as { reason: Record<string, string> };

  afterAll(async () => {
    await i18n.changeLanguage('en');
  });

  it('should read the reason codes from the schema', () => {
    expect(codes.length).toBeGreaterThan(20);
    expect(codes).toContain('OPEN_BLOCKING_THREADS');
  });

  it('should have a Russian sentence for every ReasonCode of the schema', () => {
    const missing = codes.filter((code) => !/[а-яё]/i.test(russian.reason[code] ?? ''));
    expect(missing).toEqual([]);
  });

  it('should keep the server’s English sentence alone in English', async () => {
    await i18n.changeLanguage('en');
    expect(reasonSentence({ code: 'OPEN_BLOCKING_THREADS', message: '2 blocking thread(s) are still open' })).toBe('2 blocking thread(s) are still open');
  });

  it('should put a Russian sentence per code before the server’s English specifics, on every code', async () => {
    await i18n.changeLanguage('ru');
    for (const code of codes) {
      expect(reasonSentence({ code, message: 'server text' })).toBe(`${russian.reason[code]} (server text)`);
    }
    // An unknown code (a newer server): the server's sentence alone.
    expect(reasonSentence({ code: 'SOMETHING_NEW', message: 'server text' })).toBe('server text');
  });

  it('should translate the reasons of a refused action and of a refused capability', async () => {
    await i18n.changeLanguage('ru');
    const outcome = interpretResult({
      __typename: 'ActionRefusedError',
      message: 'Claim the review before deciding on it',
      reasons: [{ code: 'NOT_CLAIMED', message: 'Claim the review before deciding on it' }],
    });
    expect(outcome).toMatchObject({
      ok: false,
      message: 'Сейчас это невозможно.',
      details: [`${russian.reason['NOT_CLAIMED']} (Claim the review before deciding on it)`],
    });
    expect(refusalMessages({ allowed: false, reasons: [{ code: 'APP_DELETED', message: 'The app has been deleted' }] })).toEqual([
      `${russian.reason['APP_DELETED']} (The app has been deleted)`,
    ]);
  });
});
