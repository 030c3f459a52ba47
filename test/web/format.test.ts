import { describe, expect, it } from 'vitest';
import { discountPercent, formatDuration, formatMoney, inputToMinor, minorToInput } from '../../web/src/lib/format.js';

describe('formatDuration', () => {
  it('should say under a minute for short waits', () => {
    expect(formatDuration(0)).toBe('under a minute');
    expect(formatDuration(59)).toBe('under a minute');
  });
  it('should give minutes, hours with minutes, and days with hours', () => {
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(formatDuration(2 * 86400)).toBe('2 d');
    expect(formatDuration(777610)).toBe('9 d');
    expect(formatDuration(2 * 86400 + 4 * 3600 + 59)).toBe('2 d 4 h');
  });
  it('should show a dash when there is no figure', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
  });
});

describe('formatMoney', () => {
  it('should format minor units in the currency', () => {
    expect(formatMoney(1990, 'USD', 'en')).toBe('$19.90');
    expect(formatMoney(0, 'EUR', 'en')).toBe('€0.00');
  });
  it('should fall back to the code for an unknown currency', () => {
    expect(formatMoney(150, 'XX1', 'en')).toBe('1.50 XX1');
  });
});

describe('price inputs', () => {
  it('should read amounts with up to two decimals into minor units', () => {
    expect(inputToMinor('19.9')).toBe(1990);
    expect(inputToMinor('19,99')).toBe(1999);
    expect(inputToMinor('0')).toBe(0);
    expect(inputToMinor('  ')).toBeNull();
    expect(inputToMinor('1.999')).toBeNaN();
    expect(inputToMinor('-1')).toBeNaN();
  });
  it('should show minor units without needless decimals', () => {
    expect(minorToInput(1990)).toBe('19.90');
    expect(minorToInput(2000)).toBe('20');
    expect(minorToInput(null)).toBe('');
  });
  it('should compute the discount share only for a real discount', () => {
    expect(discountPercent(1000, 750)).toBe(25);
    expect(discountPercent(1000, 1000)).toBeNull();
    expect(discountPercent(0, 0)).toBeNull();
  });
});
