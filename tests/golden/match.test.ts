import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleFromText, extractArticle } from '../../src/extract/index';
import {
  docFromArticle,
  MatchIndex,
  rank,
  relate,
  SIBLING_THRESHOLD,
  type DocTerms,
} from '../../src/match/index';
import type { Article } from '../../src/model/types';
import { readFixture, SEED_PAGES, type SeedPageName } from '../fixtures/pages';

function seedArticle(name: SeedPageName): Article {
  const { url } = SEED_PAGES[name];
  const dom = new JSDOM(readFixture(name), { url });
  const result = extractArticle(dom.window.document, url);
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  return result.article;
}

function textArticle(
  url: string,
  siteName: string,
  publishedTime: string,
  title: string,
  body: string,
): Article {
  return articleFromText(body, url, { title, siteName, publishedTime });
}

const SPORTS = textArticle(
  'https://www.espn.com/soccer/report/_/gameId/700123',
  'ESPN',
  '2024-09-25T21:00:00Z',
  'Arsenal edge Bolton 5-1 in League Cup third round',
  [
    'Ethan Nwaneri scored twice as Arsenal cruised past Bolton Wanderers 5-1 at the Emirates Stadium in the Carabao Cup third round on Wednesday night.',
    'The 17-year-old opened the scoring after 11 minutes with a low finish and added a second before half-time, while Kai Havertz and Raheem Sterling also found the net.',
    'Mikel Arteta made nine changes to the side that drew with Manchester City on Sunday, handing a debut to goalkeeper Tommy Setford.',
    'Bolton, who sit 20th in League One, pulled a goal back through Aaron Collins from the penalty spot but never threatened a comeback.',
  ].join('\n'),
);

const QUAKE_MOROCCO_REUTERS = textArticle(
  'https://www.reuters.com/world/africa/morocco-earthquake-kills-more-than-2000-2023-09-09/',
  'Reuters',
  '2023-09-09T18:00:00Z',
  'Morocco earthquake kills more than 2,000 people in High Atlas mountains',
  [
    'A magnitude 6.8 earthquake struck Morocco late on Friday, killing more than 2,000 people and flattening villages in the High Atlas mountains south of Marrakech, the interior ministry said.',
    'The quake hit at 11:11 p.m. with its epicentre near Ighil in Al Haouz province, about 72 km southwest of Marrakech, according to the U.S. Geological Survey.',
    'Rescue teams struggled to reach remote mountain villages where mud-brick houses collapsed, and survivors spent the night outdoors fearing aftershocks.',
    "King Mohammed VI declared three days of national mourning and ordered the armed forces to deploy search and rescue teams. It was the country's deadliest earthquake since 1960.",
  ].join('\n'),
);

const QUAKE_MOROCCO_AP = textArticle(
  'https://apnews.com/article/morocco-earthquake-marrakech-high-atlas-deaths-1f2e3d',
  'AP News',
  '2023-09-10T09:30:00Z',
  'Death toll in Morocco quake passes 2,000 as rescuers dig through rubble of Atlas villages',
  [
    'MARRAKECH, Morocco (AP) — Rescuers dug through the rubble of mountain villages in Morocco on Saturday after a 6.8-magnitude earthquake killed more than 2,000 people, many of them in Al Haouz province in the High Atlas.',
    "Morocco's interior ministry said at least 2,012 people had died and 2,059 were injured, more than 1,400 of them critically. The quake struck late Friday near the village of Ighil.",
    'In Marrakech, the nearest big city, parts of the old medina walls were damaged and residents slept in the streets for a second night. King Mohammed VI ordered three days of mourning.',
    'The U.S. Geological Survey said the quake was the strongest to hit the region in more than a century.',
  ].join('\n'),
);

const QUAKE_HERAT = textArticle(
  'https://www.aljazeera.com/news/2023/10/7/earthquakes-kill-hundreds-in-western-afghanistan',
  'Al Jazeera',
  '2023-10-07T16:00:00Z',
  'Earthquakes kill hundreds in western Afghanistan near Herat',
  [
    'A magnitude 6.3 earthquake and strong aftershocks struck western Afghanistan on Saturday, killing at least 320 people in villages around the city of Herat, the United Nations said.',
    'The quake hit about 40 km northwest of Herat, according to the U.S. Geological Survey, followed by eight aftershocks, the strongest of magnitude 5.9.',
    'A spokesman for the Taliban administration said rescue teams were searching collapsed mud-brick houses in the Zenda Jan district, where several villages were destroyed.',
    'Residents of Herat fled their homes and spent the night in the streets, fearing further tremors.',
  ].join('\n'),
);

describe('relate on the founding articles', () => {
  let foxV1: Article;
  let foxV2: Article;
  let abc: Article;
  beforeAll(() => {
    foxV1 = seedArticle('fox-ceasefire-v1');
    foxV2 = seedArticle('fox-ceasefire-v2');
    abc = seedArticle('abc-ceasefire');
  });

  it('calls the two Fox captures at one address versions of one article', () => {
    const verdict = relate(foxV1, foxV2);
    expect(verdict.relation).toBe('version');
    expect(verdict.similarity).toBeGreaterThan(0.3);
    expect(verdict.similarity).toBeLessThanOrEqual(1);
  });

  it("calls ABC's report a sibling of the Fox report", () => {
    const verdict = relate(foxV2, abc);
    expect(verdict.relation).toBe('sibling');
    expect(verdict.similarity).toBeGreaterThanOrEqual(SIBLING_THRESHOLD);
  });

  it('calls a football report unrelated to the ceasefire report', () => {
    const verdict = relate(foxV2, SPORTS);
    expect(verdict.relation).toBe('unrelated');
    expect(verdict.similarity).toBeLessThan(0.15);
  });

  it('calls the same text at another address a version (syndication)', () => {
    const syndicated: Article = {
      ...foxV2,
      url: 'https://nypost.com/2024/09/25/world-news/us-pushing-ceasefire/',
      canonicalUrl: 'https://nypost.com/2024/09/25/world-news/us-pushing-ceasefire/',
      urlKey: 'nypost.com/2024/09/25/world-news/us-pushing-ceasefire',
      siteName: 'New York Post',
      // Syndicated copies trim the tail and the contributor line.
      paragraphs: foxV2.paragraphs.slice(0, -2),
    };
    const verdict = relate(foxV2, syndicated);
    expect(verdict.relation).toBe('version');
    expect(verdict.reason).toMatch(/another address/);
  });

  it('ranks the version first, then the sibling, then the unrelated page', () => {
    const order = rank(foxV2, [
      { id: 'sports', article: SPORTS },
      { id: 'abc', article: abc },
      { id: 'v1', article: foxV1 },
    ]);
    expect(order.map((c) => [c.id, c.relation])).toEqual([
      ['v1', 'version'],
      ['abc', 'sibling'],
      ['sports', 'unrelated'],
    ]);
  });
});

describe('same kind of event, different occasion', () => {
  it('keeps two earthquakes apart while two reports of one quake are siblings', () => {
    expect(relate(QUAKE_MOROCCO_REUTERS, QUAKE_MOROCCO_AP).relation).toBe('sibling');
    expect(relate(QUAKE_MOROCCO_REUTERS, QUAKE_HERAT).relation).toBe('unrelated');
    expect(relate(QUAKE_MOROCCO_AP, QUAKE_HERAT).relation).toBe('unrelated');
  });

  it('ranks the same quake above the other quake in the index', () => {
    const index = new MatchIndex();
    index.add(docFromArticle('ap', QUAKE_MOROCCO_AP));
    index.add(docFromArticle('herat', QUAKE_HERAT));
    index.add(docFromArticle('sports', SPORTS));
    const found = index.candidates(QUAKE_MOROCCO_REUTERS, { limit: 5 });
    expect(found[0]).toMatchObject({ id: 'ap', relation: 'sibling' });
    const herat = found.find((c) => c.id === 'herat');
    expect(herat?.relation ?? 'unrelated').toBe('unrelated');
  });
});

describe('MatchIndex', () => {
  let foxV1: Article;
  let foxV2: Article;
  let abc: Article;
  let index: MatchIndex;
  /** Each document's stored row, as the extension keeps it beside the index. */
  const rows = new Map<string, DocTerms>();
  const rowOf = (id: string) => rows.get(id)!;
  beforeAll(() => {
    foxV1 = seedArticle('fox-ceasefire-v1');
    foxV2 = seedArticle('fox-ceasefire-v2');
    abc = seedArticle('abc-ceasefire');
    index = new MatchIndex();
    rows.set('fox-v1', index.add(docFromArticle('fox-v1', foxV1, Date.UTC(2024, 8, 25))));
    rows.set('abc', index.add(docFromArticle('abc', abc, Date.UTC(2024, 8, 25))));
    rows.set('sports', index.add(docFromArticle('sports', SPORTS)));
    rows.set('reuters', index.add(docFromArticle('reuters', QUAKE_MOROCCO_REUTERS)));
    rows.set('herat', index.add(docFromArticle('herat', QUAKE_HERAT)));
  });

  it('proposes the earlier version first and the other outlet as a sibling', () => {
    const found = index.candidates(foxV2, { limit: 10 });
    expect(found[0]).toMatchObject({ id: 'fox-v1', relation: 'version' });
    expect(found[1]).toMatchObject({ id: 'abc', relation: 'sibling' });
    expect(found[1]!.score).toBeGreaterThanOrEqual(SIBLING_THRESHOLD);
    for (const other of found.slice(2)) {
      expect(other.relation).toBe('unrelated');
      expect(other.score).toBeLessThan(0.2);
    }
  });

  it('survives a JSON round trip with identical candidates', () => {
    const json = JSON.parse(JSON.stringify(index.toJSON())) as ReturnType<MatchIndex['toJSON']>;
    const restored = MatchIndex.fromJSON(json);
    expect(restored.size).toBe(index.size);
    expect(restored.candidates(foxV2, { limit: 10 })).toEqual(index.candidates(foxV2, { limit: 10 }));
    expect(restored.candidates(QUAKE_MOROCCO_AP, { limit: 10 })).toEqual(
      index.candidates(QUAKE_MOROCCO_AP, { limit: 10 }),
    );
  });

  it('loads from its packed form with identical candidates, after removals and re-adds too', () => {
    const copy = MatchIndex.fromJSON(index.toJSON());
    copy.remove('sports');
    copy.addDocTerms(rowOf('fox-v1'));
    // Through structuredClone, as IndexedDB stores it.
    const restored = MatchIndex.fromPacked(structuredClone(copy.toPacked()));
    expect(restored.size).toBe(copy.size);
    expect(restored.has('sports')).toBe(false);
    for (const query of [foxV2, QUAKE_MOROCCO_AP]) {
      expect(restored.candidates(query, { limit: 10 })).toEqual(copy.candidates(query, { limit: 10 }));
    }
    // Still a working index: adding and removing after loading behave as before.
    restored.addDocTerms(rowOf('sports'));
    copy.addDocTerms(rowOf('sports'));
    expect(restored.candidates(foxV2, { limit: 10 })).toEqual(copy.candidates(foxV2, { limit: 10 }));
  });

  it('refuses an inconsistent packed form instead of loading it', () => {
    const packed = index.toPacked();
    expect(() => MatchIndex.fromPacked({ ...packed, forwardStarts: packed.forwardStarts.slice(1) })).toThrow(
      /packed/,
    );
    const badPostings = packed.postings.slice();
    badPostings[0] = (packed.ids.length + 5) * 32 + 1;
    expect(() => MatchIndex.fromPacked({ ...packed, postings: badPostings })).toThrow(/outside the index/);
    // A vocabulary cut short: forward lists now name terms past its end. Such a snapshot is not
    // refused at load (decoding every list would cost a tenth of the load); those terms are
    // skipped wherever they are read, so it still answers and can be changed without failing.
    const cut = MatchIndex.fromPacked({
      ...packed,
      termHashes: packed.termHashes.slice(0, 100),
      termKinds: packed.termKinds.slice(0, 100),
      df: packed.df.slice(0, 100),
      postingStarts: packed.postingStarts.slice(0, 101),
      postings: packed.postings.slice(0, packed.postingStarts[100]),
    });
    expect(() => cut.candidates(foxV2, { limit: 10 })).not.toThrow();
    expect(cut.remove('abc')).toBe(true);
    expect(cut.size).toBe(index.size - 1);
  });

  it('rebuilds from per-article rows with identical candidates', () => {
    const rows = ['fox-v1', 'abc', 'sports', 'reuters', 'herat'].map((id) => rowOf(id));
    const rebuilt = MatchIndex.fromDocTerms(JSON.parse(JSON.stringify(rows)) as typeof rows);
    expect(rebuilt.candidates(foxV2, { limit: 10 })).toEqual(index.candidates(foxV2, { limit: 10 }));
  });

  it('forgets a removed article', () => {
    const copy = MatchIndex.fromJSON(index.toJSON());
    expect(copy.remove('abc')).toBe(true);
    expect(copy.has('abc')).toBe(false);
    expect(copy.size).toBe(index.size - 1);
    expect(copy.candidates(foxV2, { limit: 10 }).map((c) => c.id)).not.toContain('abc');
    expect(copy.remove('abc')).toBe(false);
    // Document frequencies follow the removal: the rebuilt index scores exactly like one that never saw it.
    const fresh = MatchIndex.fromDocTerms(['fox-v1', 'sports', 'reuters', 'herat'].map((id) => rowOf(id)));
    // Equal up to the order floating-point sums run in (term ids differ between the two).
    const rounded = (found: ReturnType<MatchIndex['candidates']>) =>
      found.map((c) => ({ ...c, score: Math.round(c.score * 1e12) }));
    expect(rounded(copy.candidates(foxV2, { limit: 10 }))).toEqual(
      rounded(fresh.candidates(foxV2, { limit: 10 })),
    );
  });

  it('excludes the queried document itself', () => {
    const doc = docFromArticle('abc', abc, Date.UTC(2024, 8, 25));
    expect(index.candidates(doc, { limit: 10 }).map((c) => c.id)).not.toContain('abc');
  });
});

describe('candidate search does not scan the corpus', () => {
  it('touches only documents that share an informative term with the query', () => {
    const index = new MatchIndex();
    const fillings = [
      'sourdough',
      'brioche',
      'focaccia',
      'baguette',
      'ciabatta',
      'pretzel',
      'bagel',
      'croissant',
    ];
    const fillerCount = 400;
    for (let i = 0; i < fillerCount; i++) {
      const bread = fillings[i % fillings.length]!;
      const other = fillings[(i * 3 + 1) % fillings.length]!;
      index.add({
        id: `bakery-${i}`,
        urlKey: `bakery.example/recipes/${i}`,
        outlet: 'bakery.example',
        publishedTime: null,
        title: `How to bake ${bread} at home`,
        text: `How to bake ${bread} at home\n\nKnead the dough, let it prove overnight and bake the ${bread} until the crust is golden. Pair it with ${other} for brunch.`,
      });
    }
    const abc = seedArticle('abc-ceasefire');
    const foxV1 = seedArticle('fox-ceasefire-v1');
    index.add(docFromArticle('abc', abc));
    index.add(docFromArticle('fox-v1', foxV1));

    const found = index.candidates(seedArticle('fox-ceasefire-v2'), { limit: 10 });
    expect(found.map((c) => c.id).sort()).toEqual(['abc', 'fox-v1']);
    const stats = index.stats;
    expect(stats.docsTouched).toBe(2);
    expect(stats.docsScored).toBe(2);
    expect(stats.postingsScanned).toBeLessThan(fillerCount);
  });
});
