import { afterAll, describe, expect, it } from 'vitest';
import i18n from '../../web/src/i18n/index.js';
import { anchorLabel, listingAnchorFields } from '../../web/src/lib/anchors.js';
import { describeEvent, eventSentence } from '../../web/src/lib/events.js';
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
      'edited the listing: Name (ru), Price',
    );
    // As the API records it: nested under `changes`.
    expect(describeEvent('app.listing_updated', { changes: { 'description.en': { old: 'a', new: 'b' }, supportUrl: { old: null, new: 'https://x' } } })).toBe(
      'edited the listing: Feature description (en), Support page URL',
    );
    expect(describeEvent('app.listing_change_submitted', { changes: { logoSvg: { old: null, new: '<svg/>' } }, merged: false })).toBe(
      'sent a listing change for review: Logo',
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

describe('fields in words', () => {
  it('should name the manifest fields an edit changed', () => {
    expect(describeEvent('version.updated', { version: '1.1', changed: ['changelog', 'minApiVersion', 'scopes'] })).toBe(
      'edited the manifest: Changelog, Minimum API version, Permissions',
    );
    expect(describeEvent('version.updated', { version: '1.1', changed: [] })).toBe('edited the manifest');
  });
  it('should give every policy setting its words and its values', () => {
    const changes = {
      reviewTargetHours: { old: 24, new: 48 },
      listingEditsNeedReview: { old: false, new: true },
      requiredLocales: { old: ['en', 'ru'], new: ['en', 'ru', 'de'] },
      currencies: { old: ['USD'], new: ['USD', 'EUR'] },
      consultationEnabled: { old: true, new: false },
      approvalExpiryDays: { old: 1, new: 30 },
    };
    const text = describeEvent('policy.updated', { changes });
    expect(text).toBe(
      'changed the marketplace policy: Target review time: 24 h → 48 h; Listing edits of a live app go through review: no → yes; ' +
        'Required locales: en, ru → en, ru, de; Currencies: USD → USD, EUR; Consultation before development: yes → no; ' +
        'Days to release an approved version: 1 day → 30 days',
    );
    expect(text).not.toMatch(/reviewTargetHours|listingEditsNeedReview|requiredLocales|consultationEnabled|approvalExpiryDays/);
  });
  it('should show a change path and its values readably', () => {
    expect(changePath('listing.texts.ru.description')).toBe('Listing › Feature description (ru)');
    expect(changePath('listing.priceMinor')).toBe('Listing › Price');
    expect(changePath('manifest.version')).toBe('Manifest › Version');
    expect(changePath('manifest.scopes.orders.read')).toBe('Manifest › Permission orders.read');
    expect(changePath('checklist.test-account', { 'test-account': 'Test account' })).toBe('Checklist › Test account');
    expect(changePath('checklist.other')).toBe('Checklist › other');
    expect(showValue(null)).toBe('(empty)');
    expect(showValue(['a', 'b'])).toBe('a, b');
    expect(showValue(true)).toBe('yes');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
  it('should name what a thread is about', () => {
    expect(anchorLabel('LISTING_FIELD', 'name.ru')).toBe('listing field Name (ru)');
    expect(anchorLabel('CHECKLIST_ITEM', 'test-account', { 'test-account': 'Test account' })).toBe('checklist item “Test account”');
    expect(anchorLabel('GENERAL', null)).toBe('the version in general');
    expect(listingAnchorFields().map((field) => field.label)).toContain('Installation description (ru)');
  });
});

describe('in Russian', () => {
  afterAll(async () => {
    await i18n.changeLanguage('en');
  });
  it('should describe events without a verb that needs the actor’s gender, and fields in Russian', async () => {
    await i18n.changeLanguage('ru');
    expect(describeEvent('version.approved', { status: { old: 'IN_REVIEW', new: 'APPROVED' } })).toBe('версия одобрена (На проверке → Одобрена)');
    expect(eventSentence('Иван Орлов', 'version.claimed', null)).toBe('Иван Орлов: проверка взята в работу');
    expect(eventSentence(null, 'installation.connected', null)).toBe('Маркетплейс: аккаунт подключил приложение');
    expect(describeEvent('policy.updated', { changes: { reviewTargetHours: { old: 24, new: 48 }, approvalExpiryDays: { old: 5, new: 21 } } })).toBe(
      'изменены правила маркетплейса: Целевое время проверки: 24 ч → 48 ч; Срок публикации одобренной версии: 5 дней → 21 день',
    );
    expect(describeEvent('app.listing_updated', { changes: { 'name.ru': { old: 'a', new: 'b' }, priceMinor: { old: 0, new: 100 } } })).toBe(
      'карточка изменена: Название (ru), Цена',
    );
    expect(describeEvent('checklist.verdict_set', { key: 'k', label: 'Тестовый аккаунт', verdict: { old: null, new: 'FAIL' } })).toBe(
      'выставлены оценки («Тестовый аккаунт»: Не соответствует)',
    );
    expect(describeEvent('checklist.answered', { keys: ['a', 'b', 'c'] })).toBe('даны ответы на 3 пункта чек-листа');
    expect(describeEvent('thread.opened', { title: 'Нет пароля' })).toBe('открыто замечание: «Нет пароля»');
    expect(changePath('manifest.minApiVersion')).toBe('Манифест › Минимальная версия API');
    expect(anchorLabel('LISTING_FIELD', 'description.en')).toBe('поле карточки «Описание возможностей (en)»');
  });
});
