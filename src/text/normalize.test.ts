import { describe, expect, it } from 'vitest';
import { foldText, hashText, normalizeText } from './normalize';

describe('normalizeText', () => {
  it('folds typography that differs between versions of the same sentence', () => {
    const curly = '\u201CWe know tensions are high,\u201D Singh\u2019s aide said \u2014 again\u2026';
    const straight = '"We know tensions are high," Singh\'s aide said - again...';
    expect(normalizeText(curly)).toBe(normalizeText(straight));
  });

  it('collapses whitespace, line breaks and non-breaking spaces', () => {
    expect(normalizeText('  a\u00A0b \n\n c\t')).toBe('a b c');
  });

  it('keeps case for display-faithful comparison and folds it on request', () => {
    expect(normalizeText('Fox News')).toBe('Fox News');
    expect(foldText('Fox News')).toBe('fox news');
  });
});

describe('hashText', () => {
  it('is stable and sensitive to content', () => {
    expect(hashText('a')).toBe(hashText('a'));
    expect(hashText('a')).not.toBe(hashText('b'));
    expect(hashText('')).toMatch(/^[0-9a-f]{14}$/);
  });
});
