import { describe, expect, it } from 'vitest';
import { cleanParagraphs, normalizeUrlKey, outletOf } from '../../src/extract/index';

const BODY =
  'Lebanese officials said a massive Israeli barrage killed at least 560 people on Monday, prompting thousands to flee.';

function rulesFor(...lines: string[]): { kept: string[]; rules: string[]; credits: string[] } {
  const result = cleanParagraphs([BODY, ...lines, BODY]);
  return { kept: result.paragraphs, rules: result.removed.map((r) => r.rule), credits: result.credits };
}

describe('cleanParagraphs furniture rules', () => {
  it('removes app and newsletter promos', () => {
    for (const promo of [
      'CLICK HERE TO GET THE FOX NEWS APP',
      'Download the app for breaking news alerts',
      'Sign up for our newsletter',
      'Subscribe to The Morning Briefing',
      'Follow us on Twitter',
    ]) {
      const { kept, rules } = rulesFor(promo);
      expect(kept, promo).toEqual([BODY, BODY]);
      expect(rules, promo).toEqual(['promo']);
    }
  });

  it('removes inline related-story headlines in capitals', () => {
    const { kept, rules } = rulesFor(
      'HOW A US-BACKED UN RESOLUTION FAILED TO STOP HEZBOLLAH TERROR TAKEOVER: ‘BIPARTISAN FAILURE’',
    );
    expect(kept).toEqual([BODY, BODY]);
    expect(rules).toEqual(['all-caps-headline']);
  });

  it('keeps short capitalised text and sentences with acronyms', () => {
    const sentence = 'The U.S. and NATO said the IDF and UNIFIL would meet in Beirut on Monday.';
    expect(rulesFor('UPDATE', 'WASHINGTON —', sentence).kept).toEqual([
      BODY,
      'UPDATE',
      'WASHINGTON —',
      sentence,
      BODY,
    ]);
  });

  it('removes lines that lead in to other stories', () => {
    for (const line of [
      'READ MORE: Israel strikes Beirut',
      'RELATED: What to know about Hezbollah',
      'WATCH: Blinken speaks at the UN',
      'MORE: Pager explosions in Lebanon',
      'ALSO READ: Pentagon sends troops',
    ]) {
      expect(rulesFor(line).rules, line).toEqual(['related-link']);
    }
  });

  it('removes a photo caption at the top', () => {
    const caption =
      'Smoke rises from the site of an Israeli airstrike that targeted the southern Lebanese village of Khiam, Sept. 25, 2024. (Rabih Daher/AFP via Getty Images)';
    const result = cleanParagraphs([caption, BODY]);
    expect(result.paragraphs).toEqual([BODY]);
    expect(result.removed).toEqual([{ text: caption, rule: 'caption' }]);
    expect(cleanParagraphs(['Photo: Mohammed Zaatari', BODY]).paragraphs).toEqual([BODY]);
  });

  it('keeps a first paragraph that only mentions an agency in passing', () => {
    const lead =
      '(WASHINGTON) — As Israel laid the groundwork for a possible ground invasion of Lebanon, officials said.';
    expect(cleanParagraphs([lead, BODY]).paragraphs).toEqual([lead, BODY]);
  });

  it('removes copyright lines', () => {
    for (const line of [
      'Copyright © 2024, ABC Audio. All rights reserved.',
      '© 2024 Reuters',
      'All rights reserved.',
    ])
      expect(rulesFor(line).rules, line).toEqual(['copyright']);
  });

  it('moves contributor lines to credits', () => {
    const credit =
      'Fox News Digital’s Anders Hagstrom as well as The Associated Press contributed to this report.';
    const { kept, credits, rules } = rulesFor(credit, 'Jane Doe contributed reporting.');
    expect(kept).toEqual([BODY, BODY]);
    expect(credits).toEqual([credit, 'Jane Doe contributed reporting.']);
    expect(rules).toEqual([]);
  });

  it("keeps the writer's closing bio as a credit, and a bio-shaped sentence mid-article as text", () => {
    const bio =
      'Lucas Nolan is a reporter for Breitbart Tech covering issues of free speech and online censorship.';
    const closing = cleanParagraphs([BODY, BODY, bio]);
    expect(closing.paragraphs).toEqual([BODY, BODY]);
    expect(closing.credits).toEqual([bio]);
    expect(closing.removed).toEqual([]);
    const early = cleanParagraphs([bio, BODY, BODY, BODY]);
    expect(early.paragraphs).toEqual([bio, BODY, BODY, BODY]);
    expect(early.credits).toEqual([]);
  });

  it('collapses whitespace and drops empty lines without touching typography', () => {
    const quoted = '“We know  tensions\nare high,” Sabrina Singh said — on Wednesday.';
    expect(cleanParagraphs(['', '  ', quoted]).paragraphs).toEqual([
      '“We know tensions are high,” Sabrina Singh said — on Wednesday.',
    ]);
  });
});

describe('normalizeUrlKey and outletOf', () => {
  const base = 'https://foxnews.com/politics/us-pushing-ceasefire';

  it('drops tracking parameters, fragments, mirror hosts and trailing slashes', () => {
    for (const variant of [
      'https://www.foxnews.com/politics/us-pushing-ceasefire',
      'https://www.foxnews.com/politics/us-pushing-ceasefire/',
      'http://WWW.FOXNEWS.COM/politics/us-pushing-ceasefire#comments',
      'https://m.foxnews.com/politics/us-pushing-ceasefire?utm_source=twitter&utm_medium=social',
      'https://www.foxnews.com/politics/us-pushing-ceasefire?fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&ref=home&cmpid=x',
    ])
      expect(normalizeUrlKey(variant), variant).toBe(base);
  });

  it('folds AMP variants', () => {
    for (const variant of [
      'https://www.foxnews.com/politics/us-pushing-ceasefire.amp',
      'https://amp.foxnews.com/politics/us-pushing-ceasefire',
      'https://www.foxnews.com/politics/us-pushing-ceasefire/amp',
      'https://www.foxnews.com/politics/us-pushing-ceasefire?amp',
      'https://www.foxnews.com/politics/us-pushing-ceasefire?outputType=amp',
    ])
      expect(normalizeUrlKey(variant), variant).toBe(base);
    expect(normalizeUrlKey('https://example.com/news/story.amp.html')).toBe(
      'https://example.com/news/story.html',
    );
  });

  it('keeps and sorts meaningful parameters', () => {
    expect(normalizeUrlKey('https://abcnews.go.com/Politics/story?page=2&id=113998452&utm_campaign=x')).toBe(
      'https://abcnews.go.com/Politics/story?id=113998452&page=2',
    );
  });

  it('names the outlet by host without mirror prefixes', () => {
    expect(outletOf('https://www.foxnews.com/politics/x')).toBe('foxnews.com');
    expect(outletOf('https://abcnews.go.com/Politics/x')).toBe('abcnews.go.com');
    expect(outletOf('https://m.bbc.co.uk/news/x')).toBe('bbc.co.uk');
    expect(outletOf('not a url')).toBe('');
  });
});
