import { describe, expect, it } from 'vitest';
import { isNewer } from '../../web/src/lib/cursor.js';

describe('event cursors', () => {
  it('should compare cursors as numbers, beyond what a JavaScript number holds exactly', () => {
    expect(isNewer('10', '9')).toBe(true);
    expect(isNewer('9', '10')).toBe(false);
    expect(isNewer('9007199254740993', '9007199254740992')).toBe(true);
    expect(isNewer('42', '42')).toBe(false);
  });

  it('should take any cursor as newer than none', () => {
    expect(isNewer('1', null)).toBe(true);
  });
});
