import { describe, expect, it } from 'vitest';
import type { Article, Claim } from '../../src/model/types';
import { analyse, extractClaims, splitSentences } from '../../src/claims/index';
import { hashText } from '../../src/text/normalize';
import { readSeed } from '../fixtures/pages';

/** Lines the seeds README names as furniture, not article body. */
const FURNITURE = [/^[A-Z0-9 ,:'‘’“”"-]+$/, /^Copyright ©/, /^Smoke rises from the site/];

function seedArticle(name: string, lang: string | null = 'en'): Article {
  const lines = readSeed(`${name}.txt`)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !FURNITURE.some((rule) => rule.test(line)));
  const credits = lines.filter((line) => /contributed to this report\.?$/.test(line));
  return article(
    lines.filter((line) => !credits.includes(line)),
    lang,
    credits,
  );
}

function article(paragraphs: string[], lang: string | null = 'en', credits: string[] = []): Article {
  return {
    url: 'https://example.test/a',
    canonicalUrl: null,
    urlKey: 'example.test/a',
    title: 'Test',
    byline: null,
    siteName: null,
    publishedTime: null,
    modifiedTime: null,
    lang,
    dir: null,
    paragraphs,
    credits,
    contentHash: hashText(paragraphs.join('\n')),
    extractorVersion: 'test',
    removed: [],
  };
}

function claimWith(claims: Claim[], fragment: string): Claim {
  const found = claims.find((claim) => claim.text.includes(fragment));
  if (!found) throw new Error(`no claim contains ${JSON.stringify(fragment)}`);
  return found;
}

const v1 = extractClaims(seedArticle('fox-ceasefire-v1'));
const v2 = extractClaims(seedArticle('fox-ceasefire-v2'));
const abc = extractClaims(seedArticle('abc-ceasefire'));

describe('claims from the seed articles', () => {
  it('numbers the claims in order with paragraph indexes, unique ids and normalised text', () => {
    for (const claims of [v1, v2, abc]) {
      claims.forEach((claim, i) => expect(claim.index).toBe(i));
      expect(new Set(claims.map((c) => c.id)).size).toBe(claims.length);
      for (const claim of claims) expect(claim.id.startsWith(hashText(claim.norm))).toBe(true);
    }
    expect(v2.some((claim) => claim.text.includes('contributed to this report'))).toBe(false);
    expect(v2.some((claim) => claim.text.includes('CLICK HERE'))).toBe(false);
  });

  it('splits each seed paragraph into the sentences a person would count', () => {
    const article = seedArticle('fox-ceasefire-v2');
    const counts = article.paragraphs.map((p) => splitSentences(p).length);
    // Kirby's two-part quotation stays with its attribution; the rest are one or two sentences.
    expect(counts).toEqual([1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1]);
    const abcCounts = seedArticle('abc-ceasefire').paragraphs.map((p) => splitSentences(p).length);
    expect(abcCounts).toEqual([1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1]);
  });

  it('keeps abbreviations and dates inside one sentence', () => {
    expect(claimWith(v2, 'Maj. Gen. Pat Ryder').text).toMatch(/^“In light of .* off-camera gaggle\.$/);
    expect(claimWith(v2, 'Jean-Noël Barrot').text).toBe(
      '“We are counting on both parties to accept it without delay,” Jean-Noël Barrot told the U.N. Security Council.',
    );
    expect(claimWith(v2, 'numerous times').text.endsWith('began on Oct. 7.')).toBe(true);
    expect(splitSentences('Smoke rises over Khiam, Sept. 25, 2024. (Photo credit)')).toEqual([
      'Smoke rises over Khiam, Sept. 25, 2024.',
      '(Photo credit)',
    ]);
    expect(
      splitSentences(
        'Dr. Smith met Mr. Jones at 3 p.m. on St. Patrick’s Day. It was No. 2 on the list. Then 3.5 more.',
      ),
    ).toEqual([
      'Dr. Smith met Mr. Jones at 3 p.m. on St. Patrick’s Day.',
      'It was No. 2 on the list.',
      'Then 3.5 more.',
    ]);
    expect(
      splitSentences('It has not shared plans with the U.S. The lack of transparency grew.'),
    ).toHaveLength(2);
  });

  it('reads the troop deployment as 40,000 in v1 and as a vague small number in v2', () => {
    const before = claimWith(v1, 'deployment of 40,000');
    expect(before.numbers).toHaveLength(1);
    expect(before.numbers[0]).toMatchObject({ value: 40000, vague: false });
    expect(before.numbers[0]?.counted).toContain('troops');
    expect(before.dates.map((d) => d.text)).toContain('On Monday');
    const after = claimWith(v2, 'deployment of a small number');
    expect(after.numbers).toEqual([
      expect.objectContaining({ value: null, vague: true, counted: 'u.s. troops', range: [1, 1000] }),
    ]);
    expect(after.dates).toEqual([]);
  });

  it('reads hedged casualty figures and written numbers', () => {
    const killed = claimWith(v2, 'at least 560 people');
    expect(killed.numbers[0]).toMatchObject({
      value: 560,
      hedge: 'at least',
      counted: 'people',
      text: 'at least 560 people',
    });
    expect(killed.numbers[1]).toMatchObject({ vague: true, text: 'thousands' });
    expect(killed.dates.map((d) => d.text)).toContain('on Monday');
    const typo = claimWith(v2, 'more that 600 people');
    expect(typo.numbers).toContainEqual(
      expect.objectContaining({ value: 600, hedge: 'more than', counted: 'people' }),
    );
    expect(typo.numbers).toContainEqual(
      expect.objectContaining({ value: 21, unit: 'days', counted: 'ceasefire' }),
    );
    expect(typo.dates.map((d) => d.text)).toContain('in recent days');
    expect(claimWith(v2, 'eight different targets').numbers[0]).toMatchObject({
      value: 8,
      counted: 'different targets',
    });
    expect(claimWith(v2, '55 rockets').numbers[0]).toMatchObject({ value: 55, counted: 'rockets' });
    expect(claimWith(v2, 'five targeted').numbers[0]).toMatchObject({ value: 5, hedge: 'at least' });
    expect(claimWith(v2, 'dozens of airstrikes').numbers[0]).toMatchObject({
      vague: true,
      counted: 'airstrikes',
    });
    expect(claimWith(v2, 'a few weeks').numbers[0]).toMatchObject({ vague: true, unit: 'weeks' });
    const citizens = claimWith(abc, '80,000');
    expect(citizens.numbers[0]).toMatchObject({ value: 80000, hedge: 'more than', counted: 'u.s. citizens' });
  });

  it('never counts years or days of the month', () => {
    const oct7 = claimWith(v2, 'numerous times');
    expect(oct7.numbers.map((n) => n.value)).not.toContain(7);
    expect(oct7.dates.map((d) => d.text)).toContain('Oct. 7');
    const dated = extractClaims(article(['Smoke rose over Khiam on Sept. 25, 2024, after 3 p.m.']))[0]!;
    expect(dated.numbers).toEqual([]);
    expect(dated.dates).toContainEqual({ text: 'Sept. 25, 2024', iso: '2024-09-25' });
  });

  it('finds the sourcing phrases that changed between the Fox versions', () => {
    const lead1 = v1[0]!;
    expect(lead1.attributions).toContainEqual({
      text: 'a U.S. official told Fox News',
      source: 'a u.s. official',
    });
    expect(v2[0]!.attributions).toContainEqual({ text: 'Fox News has learned', source: 'fox news' });
    expect(claimWith(v1, 'regularly partners').attributions).toContainEqual({
      text: 'the official said',
      source: 'the official',
    });
    expect(claimWith(v1, 'release of hostages').attributions.map((a) => a.text)).toEqual([
      'the official said',
    ]);
    expect(claimWith(v2, 'release of hostages').attributions).toEqual([]);
    expect(claimWith(v2, 'lobbying other countries').attributions).toContainEqual({
      text: 'according to U.S. officials',
      source: 'u.s. officials',
    });
    expect(claimWith(abc, 'Two officials').attributions[0]).toMatchObject({
      text: 'Two officials told ABC News',
    });
    expect(claimWith(abc, 'One senior U.S. official').attributions[0]?.source).toBe(
      'one senior u.s. official',
    );
    expect(claimWith(v2, 'eight different').attributions.map((a) => a.source)).toEqual(['hezbollah']);
    expect(claimWith(v2, '55 rockets').attributions.map((a) => a.source)).toEqual(['the israeli military']);
  });

  it('attributes quotations to their speakers', () => {
    const singh = claimWith(v2, 'path forward for diplomacy');
    expect(singh.quotes).toHaveLength(1);
    expect(singh.quotes[0]?.speaker).toBe('Sabrina Singh');
    expect(singh.quotes[0]?.text).toMatch(/^We know tensions .* get this done$/);
    const kirby = claimWith(v2, 'John Kirby');
    expect(kirby.text).toMatch(/forward to doing that\.”$/);
    expect(kirby.quotes.map((q) => q.speaker)).toEqual(['John Kirby', 'John Kirby']);
    expect(claimWith(v2, 'Pat Ryder').quotes[0]?.speaker).toBe('Pat Ryder');
    expect(claimWith(v2, 'without delay').quotes[0]?.speaker).toBe('Jean-Noël Barrot');
    expect(claimWith(v2, 'final parameters').quotes).toEqual([
      { text: 'final parameters for a diplomatic way out of this crisis', speaker: 'Barrot' },
      { text: 'war is not unavoidable', speaker: 'Barrot' },
    ]);
    expect(claimWith(v2, 'whatever is necessary').quotes[0]?.text).toBe('whatever is necessary');
    expect(claimWith(abc, 'I cannot detail').quotes[0]?.speaker).toBe('Benjamin Netanyahu');
    expect(claimWith(abc, 'anything is imminent').quotes[0]?.speaker).toBe('Sabrina Singh');
    expect(claimWith(abc, 'fueling escalation').quotes[0]?.speaker).toBe('Antony Blinken');
  });

  it('names people, organisations and places without their titles', () => {
    const names = (claim: Claim, type: string) =>
      claim.entities.filter((e) => e.type === type).map((e) => e.text);
    expect(names(claimWith(v2, 'Pat Ryder'), 'person')).toEqual(['Pat Ryder']);
    expect(names(claimWith(abc, 'I cannot detail'), 'person')).toEqual(['Benjamin Netanyahu']);
    expect(names(claimWith(v2, 'Ron Dermer'), 'person')).toEqual(['Jake Sullivan', 'Ron Dermer']);
    const barrot = claimWith(v2, 'without delay');
    expect(names(barrot, 'person')).toEqual(['Jean-Noël Barrot']);
    expect(names(barrot, 'organization')).toEqual(['U.N. Security Council']);
    expect(names(claimWith(v2, 'Qubaisi was'), 'person')).toEqual(['Qubaisi']);
    expect(names(claimWith(abc, 'Mossad'), 'organization')).toEqual(
      expect.arrayContaining(['Hezbollah', 'Mossad']),
    );
    expect(names(claimWith(abc, 'Mossad'), 'place')).toEqual(expect.arrayContaining(['Tel Aviv']));
    expect(names(claimWith(v2, 'regularly partners'), 'place')).toEqual(
      expect.arrayContaining(['France', 'U.S.']),
    );
  });

  it('analyse pairs the article with its claims', () => {
    const seed = seedArticle('abc-ceasefire');
    const analysed = analyse(seed);
    expect(analysed.article).toBe(seed);
    expect(analysed.claims).toEqual(extractClaims(seed));
    expect(new Set(analysed.claims.map((c) => c.paragraph)).size).toBe(seed.paragraphs.length);
  });

  it('suffixes ids of repeated sentences', () => {
    const claims = extractClaims(article(['The talks failed.', 'Nothing else happened. The talks failed.']));
    expect(claims.map((c) => c.id)).toEqual([claims[0]!.id, claims[1]!.id, `${claims[0]!.id}-2`]);
  });
});

describe('other languages', () => {
  it('French: guillemets, decimal commas, day-month-year dates', () => {
    const [claim, next] = extractClaims(
      article(
        [
          '« Nous comptons sur les deux parties. Sans délai », a déclaré M. Barrot le 25 septembre 2024. Le bilan dépasse 1 234,5 morts et 12 %.',
        ],
        'fr',
      ),
    );
    expect(claim!.quotes).toEqual([
      { text: 'Nous comptons sur les deux parties. Sans délai', speaker: null },
    ]);
    expect(claim!.dates).toEqual([{ text: '25 septembre 2024', iso: '2024-09-25' }]);
    expect(next!.numbers.map((n) => [n.value, n.unit])).toEqual([
      [1234.5, null],
      [12, '%'],
    ]);
  });

  it('German: „“ quotes and ordinal dates stay in one sentence', () => {
    const claims = extractClaims(
      article(['„Wir wollen Frieden. Jetzt“, sagte er am 3. Oktober. Es kamen 1.200 Menschen.'], 'de'),
    );
    expect(claims.map((c) => c.text)).toEqual([
      '„Wir wollen Frieden. Jetzt“, sagte er am 3. Oktober.',
      'Es kamen 1.200 Menschen.',
    ]);
    expect(claims[0]!.quotes[0]?.text).toBe('Wir wollen Frieden. Jetzt');
    expect(claims[1]!.numbers[0]).toMatchObject({ value: 1200, counted: 'menschen' });
  });

  it('Japanese: 「」 and 。', () => {
    const claims = extractClaims(
      article(['彼は「平和が必要だ。今すぐに。」と述べた。死者は560人に達した。'], 'ja'),
    );
    expect(claims).toHaveLength(2);
    expect(claims[0]!.quotes[0]?.text).toBe('平和が必要だ。今すぐに。');
    expect(claims[1]!.numbers[0]?.value).toBe(560);
  });

  it('Arabic: right-to-left text splits on its own punctuation', () => {
    const claims = extractClaims(
      article(['قال المسؤول إن 560 شخصا قتلوا. وأضاف أن المفاوضات مستمرة؟ نعم.'], 'ar'),
    );
    expect(claims).toHaveLength(3);
    expect(claims[0]!.numbers[0]?.value).toBe(560);
  });
});

describe('robustness', () => {
  it('handles empty, punctuation-only and emoji input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('   ')).toEqual([]);
    expect(
      extractClaims(article(['', '...!?', '😀 🎉. 👍', '“unclosed quote. Next sentence.'])),
    ).toHaveLength(4);
  });

  it('finishes a 100,000-word article', () => {
    const sentence = 'Officials said at least 560 people were killed on Monday, according to “a source.” ';
    const text = sentence.repeat(Math.ceil(100_000 / sentence.split(' ').length));
    const claims = extractClaims(article([text]));
    expect(claims.length).toBeGreaterThan(5000);
    expect(claims[0]!.numbers[0]?.value).toBe(560);
  });
});
