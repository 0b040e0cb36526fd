import { describe, expect, it } from 'vitest';
import { formatRelative } from '../../src/ui/shared/format';

const MINUTE = 60_000;
const now = Date.UTC(2026, 11, 3, 12, 0, 0);

describe('formatRelative', () => {
  it('words times near now in the short form, and the same each time it is asked', () => {
    const locale = typeof navigator === 'undefined' ? undefined : navigator.language;
    const expected = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
    expect(formatRelative(now - 3 * MINUTE, now)).toBe(expected.format(-3, 'minute'));
    expect(formatRelative(now - 3 * MINUTE, now)).toBe(expected.format(-3, 'minute'));
    expect(formatRelative(now + 2 * 60 * MINUTE, now)).toBe(expected.format(2, 'hour'));
    expect(formatRelative(now - 24 * 60 * MINUTE, now)).toBe(expected.format(-1, 'day'));
    expect(formatRelative(now - 10_000, now)).toBe(expected.format(0, 'second'));
  });

  it('gives a date beyond a month', () => {
    const long = formatRelative(now - 40 * 24 * 60 * MINUTE, now);
    expect(long).toMatch(/2026/);
  });
});
