import { describe, expect, it } from 'vitest';
import { shortcutKey } from '../../web/src/lib/shortcut-key.js';

describe('the review page’s shortcut keys', () => {
  it('should read a letter by its place on a non-Latin layout', () => {
    expect(shortcutKey({ key: 'j', code: 'KeyJ', shiftKey: false })).toBe('j');
    // A Russian layout: the j key types «о», the p key «з».
    expect(shortcutKey({ key: 'о', code: 'KeyJ', shiftKey: false })).toBe('j');
    expect(shortcutKey({ key: 'з', code: 'KeyP', shiftKey: false })).toBe('p');
    expect(shortcutKey({ key: '?', code: 'Digit7', shiftKey: true })).toBe('?');
    expect(shortcutKey({ key: ',', code: 'Slash', shiftKey: true })).toBe('?');
  });
  it('should take no shifted letter and no other key for a shortcut', () => {
    expect(shortcutKey({ key: 'J', code: 'KeyJ', shiftKey: true })).toBe('J');
    expect(shortcutKey({ key: 'О', code: 'KeyJ', shiftKey: true })).toBe('О');
    expect(shortcutKey({ key: 'Enter', code: 'Enter', shiftKey: false })).toBe('Enter');
    expect(shortcutKey({ key: '/', code: 'Slash', shiftKey: false })).toBe('/');
  });
});
