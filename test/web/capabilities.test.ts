import { describe, expect, it } from 'vitest';
import { groupMissing, interpretResult, missingItems, refusalMessages } from '../../web/src/lib/capabilities.js';

const submit = {
  allowed: false,
  reasons: [
    {
      code: 'INCOMPLETE',
      message: 'The version is not complete',
      missing: [
        { field: 'listing.name.ru', message: 'Name (ru) is empty' },
        { field: 'checklist.test-account', message: 'Answer the checklist item "Test account for the reviewer"' },
        { field: 'manifest.connection', message: 'Give the connection page URL or choose simple connection' },
      ],
    },
    { code: 'FORBIDDEN', message: 'Only partners may send to moderation', missing: [] },
  ],
};

describe('capabilities', () => {
  it('should list no refusal for an allowed action', () => {
    expect(refusalMessages({ allowed: true, reasons: [] })).toEqual([]);
  });
  it('should list each reason once', () => {
    expect(refusalMessages(submit)).toEqual(['The version is not complete', 'Only partners may send to moderation']);
    expect(refusalMessages({ allowed: false, reasons: [] })).toEqual(['Not available now']);
  });
  it('should collect the missing items of every reason without duplicates', () => {
    const twice = { allowed: false, reasons: [submit.reasons[0]!, submit.reasons[0]!] };
    expect(missingItems(twice).map((item) => item.field)).toEqual([
      'listing.name.ru',
      'checklist.test-account',
      'manifest.connection',
    ]);
  });
  it('should group missing items by the part of the app', () => {
    expect(groupMissing(missingItems(submit)).map((group) => [group.area, group.items.length])).toEqual([
      ['Listing', 1],
      ['Checklist', 1],
      ['Manifest', 1],
    ]);
  });
});

describe('interpretResult', () => {
  it('should return the data of a success', () => {
    expect(interpretResult({ __typename: 'MutationClaimReviewSuccess', data: { id: '1' } })).toEqual({ ok: true, data: { id: '1' } });
  });
  it('should list the missing items of a SubmissionIncompleteError', () => {
    const outcome = interpretResult({
      __typename: 'SubmissionIncompleteError',
      message: 'Fill these first',
      missing: submit.reasons[0]!.missing,
      reasons: [],
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.details).toContain('Name (ru) is empty');
  });
  it('should key ValidationError problems by field', () => {
    const outcome = interpretResult({
      __typename: 'ValidationError',
      message: 'Invalid',
      problems: [
        { field: 'supportUrl', message: 'Give an absolute http or https URL' },
        { field: 'texts.1.name', message: 'Too long' },
      ],
    });
    expect(outcome).toMatchObject({ ok: false, problems: { supportUrl: ['Give an absolute http or https URL'], 'texts.1.name': ['Too long'] } });
  });
  it('should report a transport failure', () => {
    expect(interpretResult(undefined, { networkError: new Error('Network down'), graphQLErrors: [] })).toMatchObject({ ok: false, message: expect.stringContaining('Cannot reach the server') });
  });
});
