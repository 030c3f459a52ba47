import { describe, expect, it } from 'vitest';
import { editorFieldForProblem, editorLocales, localeCompleteness } from '../../web/src/lib/locales.js';

describe('locale completeness', () => {
  it('should count the filled texts of a locale', () => {
    expect(localeCompleteness('en', { name: 'Pay', description: 'Payments', installationGuide: '' })).toEqual({
      locale: 'en',
      filled: 2,
      total: 3,
      missing: ['installationGuide'],
      complete: false,
    });
  });
  it('should treat whitespace and an absent locale as empty', () => {
    expect(localeCompleteness('ru', { name: '  ' }).missing).toEqual(['name', 'description', 'installationGuide']);
    expect(localeCompleteness('ru', undefined).filled).toBe(0);
  });
  it('should call a locale with all three texts complete', () => {
    expect(localeCompleteness('en', { name: 'a', description: 'b', installationGuide: 'c' }).complete).toBe(true);
  });
});

describe('editor locales and problems', () => {
  it('should show the required locales first and then the app’s others', () => {
    expect(editorLocales([{ locale: 'de' }, { locale: 'en' }])).toEqual(['en', 'ru', 'de']);
  });
  it('should map a text problem from its input index to its locale', () => {
    expect(editorFieldForProblem('texts.1.name', ['en', 'ru'])).toBe('text.ru.name');
    expect(editorFieldForProblem('countries.2', ['en'])).toBe('countries');
    expect(editorFieldForProblem('supportUrl', ['en'])).toBe('supportUrl');
  });
});
