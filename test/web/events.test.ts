import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../web/src/lib/events.js';
import { changePath, showValue } from '../../web/src/lib/labels.js';

describe('describeEvent', () => {
  it('should describe a status change with both statuses', () => {
    expect(describeEvent('version.submitted', { round: 2, status: { old: 'CHANGES_REQUESTED', new: 'SUBMITTED' } })).toBe(
      'sent to moderation, round 2 (Changes requested → Submitted)',
    );
    expect(describeEvent('version.claimed', { status: { old: 'SUBMITTED', new: 'IN_REVIEW' } })).toBe(
      'claimed the review (Submitted → In review)',
    );
  });
  it('should name the listing fields an edit changed', () => {
    expect(describeEvent('app.listing_updated', { 'name.ru': { old: 'a', new: 'b' }, priceMinor: { old: 0, new: 100 } })).toBe(
      'edited the listing: name.ru, priceMinor',
    );
  });
  it('should give each verdict', () => {
    expect(describeEvent('checklist.verdict_set', { verdicts: { 'test-account': { new: 'FAIL', old: null } } })).toBe(
      'gave verdicts (“test-account”: Fail)',
    );
  });
  it('should name checklist items by their labels, not their keys', () => {
    expect(describeEvent('checklist.answered', { key: 'connects-account', label: 'Connects to the account', answer: { old: null, new: 'yes' } })).toBe(
      'answered the checklist item “Connects to the account”',
    );
    // Older events carry only the key: the page's labels name the item.
    expect(describeEvent('checklist.answered', { key: 'connects-account', answer: { old: 'yes', new: null } }, { 'connects-account': 'Connects' })).toBe(
      'cleared the answer to “Connects”',
    );
    expect(
      describeEvent('checklist.verdict_set', { key: 'transmits-chargebacks', label: 'Transmits chargebacks', verdict: { old: null, new: 'FAIL' }, comment: null }),
    ).toBe('gave verdicts (“Transmits chargebacks”: Fail)');
  });
  it('should say when a resubmission went back to its reviewer', () => {
    expect(describeEvent('version.assigned', { automatic: true, status: { old: 'SUBMITTED', new: 'IN_REVIEW' } })).toBe(
      'gave the resubmission back to its reviewer (Submitted → In review)',
    );
    expect(describeEvent('version.assigned', { status: { old: 'SUBMITTED', new: 'IN_REVIEW' } })).toBe('assigned the review (Submitted → In review)');
  });
  it('should tell suspension from reinstatement', () => {
    expect(describeEvent('app.platform_disabled_changed', { why: 'Spam', platformDisabled: { old: false, new: true } })).toBe(
      'suspended the app: Spam',
    );
    expect(describeEvent('app.platform_disabled_changed', { platformDisabled: { old: true, new: false } })).toBe('reinstated the app');
  });
  it('should quote a thread title and survive unknown events', () => {
    expect(describeEvent('thread.opened', { title: 'No password' })).toBe('opened a deficiency thread: “No password”');
    expect(describeEvent('policy.some_thing', null)).toBe('some thing');
  });
});

describe('round changes', () => {
  it('should show a change path and its values readably', () => {
    expect(changePath('listing.texts.ru.description')).toBe('Listing › texts › ru › description');
    expect(showValue(null)).toBe('(empty)');
    expect(showValue(['a'])).toBe('["a"]');
  });
});
