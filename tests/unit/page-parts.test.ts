import { describe, expect, it } from 'vitest';
import { PagePartBuffer } from '../../src/service/page-parts';

const LIMITS = { maxChars: 100, maxPending: 2, ttlMs: 1000 };

describe('PagePartBuffer', () => {
  it('puts the parts of a page together in order, whatever order they came in', () => {
    const buffer = new PagePartBuffer(LIMITS);
    expect(buffer.add('tab1:a', 1, 'BB', 0)).toBe(true);
    expect(buffer.add('tab1:a', 0, 'AA', 1)).toBe(true);
    expect(buffer.finish('tab1:a', 3, 'C', 2)).toBe('AABBC');
    expect(buffer.size).toBe(0);
  });

  it('gives nothing when a part is missing, and forgets the page', () => {
    const buffer = new PagePartBuffer(LIMITS);
    buffer.add('k', 0, 'AA', 0);
    expect(buffer.finish('k', 3, 'C', 1)).toBeNull();
    expect(buffer.size).toBe(0);
    // Only parts sent for another page: this one is not complete either.
    buffer.add('other', 0, 'AA', 0);
    expect(buffer.finish('k', 2, 'C', 1)).toBeNull();
  });

  it('takes a single-part page as it is, but not one whose earlier parts it holds', () => {
    const buffer = new PagePartBuffer(LIMITS);
    expect(buffer.finish('k', 1, 'whole', 0)).toBe('whole');
    buffer.add('k', 0, 'AA', 0);
    expect(buffer.finish('k', 1, 'whole', 0)).toBeNull();
  });

  it('refuses pages over the size bound, repeated or absurd indexes', () => {
    const buffer = new PagePartBuffer(LIMITS);
    expect(buffer.add('big', 0, 'x'.repeat(60), 0)).toBe(true);
    expect(buffer.add('big', 1, 'x'.repeat(60), 0)).toBe(false);
    expect(buffer.finish('big', 3, 'x', 0)).toBeNull();
    expect(buffer.add('k', 0, 'AA', 0)).toBe(true);
    expect(buffer.add('k', 0, 'AA', 0)).toBe(false);
    expect(buffer.add('j', -1, 'AA', 0)).toBe(false);
    expect(buffer.add('j', 1.5, 'AA', 0)).toBe(false);
    expect(buffer.add('j', 10_000, 'AA', 0)).toBe(false);
    buffer.add('l', 0, 'x'.repeat(60), 0);
    expect(buffer.finish('l', 2, 'x'.repeat(60), 0)).toBeNull();
  });

  it('drops pages left incomplete too long, and the oldest when too many are pending', () => {
    const buffer = new PagePartBuffer(LIMITS);
    buffer.add('old', 0, 'A', 0);
    expect(buffer.finish('old', 2, 'B', 2000)).toBeNull();
    buffer.add('a', 0, 'A', 10);
    buffer.add('b', 0, 'B', 20);
    buffer.add('c', 0, 'C', 30);
    expect(buffer.size).toBe(2);
    expect(buffer.finish('a', 2, 'x', 40)).toBeNull();
    expect(buffer.finish('c', 2, 'x', 40)).toBe('Cx');
  });
});
