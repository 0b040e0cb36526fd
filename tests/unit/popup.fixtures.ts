/**
 * Popup test data in the protocol's shapes, written from the seed articles (Fox v1 → v2, Fox v2
 * vs ABC). Word diffs come from jsdiff, as the engine's do.
 */
import { siblingGroupOf } from '../../src/compare/index';
import { diffWordsWithSpace } from 'diff';
import type { Comparison, Difference, FacetChange, WordDiffPart } from '../../src/model/types';
import type {
  ArticleSummary,
  SiblingSummary,
  TabAnalysis,
  TabHeader,
  VersionSummary,
} from '../../src/protocol/types';

export const NOW = Date.UTC(2024, 8, 25, 18, 0, 0);
const MINUTE = 60_000;

export const FOX_URL =
  'https://www.foxnews.com/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war';
export const ABC_URL =
  'https://abcnews.go.com/Politics/us-urges-diplomacy-israel-lays-groundwork-ground-invasion/story?id=113998452';
export const FOX_TITLE = 'US pushing for temporary Israel-Hezbollah ceasefire amid fears of wider war';

function words(before: string, after: string): WordDiffPart[] {
  return diffWordsWithSpace(before, after).map(({ value, added, removed }) => ({
    value,
    ...(added ? { added: true } : {}),
    ...(removed ? { removed: true } : {}),
  }));
}

function difference(
  kind: Difference['kind'],
  before: string | null,
  after: string | null,
  facets: FacetChange[],
  significance: number,
  extra: Partial<Difference> = {},
): Difference {
  return {
    kind,
    before,
    after,
    facets,
    significance,
    beforeId: before === null ? null : `b${Math.round(significance * 1000)}`,
    afterId: after === null ? null : `a${Math.round(significance * 1000)}`,
    words: before !== null && after !== null ? words(before, after) : null,
    reason: null,
    ...extra,
  };
}

const TROOPS_BEFORE =
  'On Monday, the Pentagon announced an additional deployment of 40,000 U.S. troops to the Middle East.';
const TROOPS_AFTER =
  'The Pentagon announced an additional deployment of a small number of U.S. troops to the Middle East.';
const LEAD_BEFORE =
  'The Biden administration is in discussions with Israel and other nations to secure a temporary ceasefire between the Jewish state and Hezbollah, amid fears of a wider war breaking out in the region, a U.S. official told Fox News.';
const LEAD_AFTER =
  'The Biden administration is in discussions with Israel and other nations to secure a temporary ceasefire between the Jewish state and Hezbollah, amid fears of a wider war breaking out in the region, Fox News has learned.';

/** Fox v1 → v2, most significant first, as the engine sorts them. */
export const VERSION_DIFFERENCES: Difference[] = [
  difference(
    'changed',
    TROOPS_BEFORE,
    TROOPS_AFTER,
    [
      { type: 'number', before: '40,000 U.S. troops', after: 'a small number of U.S. troops' },
      { type: 'date', before: 'On Monday', after: null },
    ],
    0.95,
    { reason: 'A precise figure (40,000) was replaced by vague wording ("a small number of").' },
  ),
  difference(
    'changed',
    LEAD_BEFORE,
    LEAD_AFTER,
    [{ type: 'attribution', before: 'a U.S. official told Fox News', after: 'Fox News has learned' }],
    0.8,
  ),
  difference(
    'changed',
    'France has been involved in the discussions, as have other Arab countries with which the U.S. regularly partners, the official said.',
    'France has been involved in the discussions, as have other Arab countries with which the U.S. regularly partners.',
    [{ type: 'attribution', before: 'the official said', after: null }],
    0.7,
  ),
  difference(
    'added',
    null,
    'France’s foreign minister said his country and the U.S. were working on a 21-day ceasefire that would “allow for negotiations” amid the escalating conflict that has killed more that 600 people in recent days.',
    [
      { type: 'number', before: null, after: 'more that 600 people' },
      { type: 'quote', before: null, after: 'allow for negotiations' },
    ],
    0.66,
  ),
  difference(
    'added',
    null,
    '“We are counting on both parties to accept it without delay,” Jean-Noël Barrot told the U.N. Security Council.',
    [
      { type: 'quote', before: null, after: 'We are counting on both parties to accept it without delay' },
      { type: 'entity', before: null, after: 'Jean-Noël Barrot' },
    ],
    0.6,
  ),
  difference(
    'added',
    null,
    'Secretary of State Antony Blinken and other advisers to President Biden have spent the past three days at U.N. General Assembly meeting of world leaders in New York lobbying other countries to support the plan, according to U.S. officials.',
    [{ type: 'attribution', before: null, after: 'according to U.S. officials' }],
    0.5,
  ),
  difference(
    'added',
    null,
    '“What we are saying to our Israeli counterparts is we want to make sure you can protect yourself, protect your citizens,” White House national security spokesman John Kirby said Wednesday.',
    [{ type: 'quote', before: null, after: 'What we are saying to our Israeli counterparts…' }],
    0.45,
  ),
  difference('added', null, 'Some U.S. troops have also been moved to Cyprus.', [], 0.35),
  difference(
    'removed',
    'The U.S. effort to secure the ceasefire isn’t tethered to efforts to secure a ceasefire between Israel and Hamas and the release of hostages in Gaza, the official said.',
    null,
    [{ type: 'attribution', before: 'the official said', after: null }],
    0.3,
  ),
  difference(
    'moved',
    'Israel has conducted at least five targeted airstrikes in Lebanon’s capital of Beirut since the start of the war between Israel and Hamas.',
    'Israel has conducted at least five targeted airstrikes in Lebanon’s capital of Beirut since the start of the war between Israel and Hamas.',
    [],
    0.1,
    { words: null },
  ),
];

/** As compareSiblings returns them: each labelled by the engine with what it means. */
export const SIBLING_DIFFERENCES: Difference[] = [
  difference(
    'conflict',
    'Israel has stated it does not want a war with Hezbollah, which has attacked its southern neighbor numerous times since the Israel-Hamas began on Oct. 7.',
    'At this point Israel has signaled it intends to move forward with battle plans aimed at ending months of tit-for-tat exchanges with Hezbollah across its northern border by decimating the militant group.',
    [{ type: 'wording', before: 'does not want a war', after: 'intends to move forward with battle plans' }],
    0.9,
    { reason: 'The two reports describe Israel’s intentions in opposite terms.' },
  ),
  difference(
    'different-quote',
    '“We are counting on both parties to accept it without delay,” Barrot said.',
    '“We are counting on both sides to accept it without delay,” Barrot said.',
    [
      {
        type: 'quote',
        before: 'We are counting on both parties to accept it without delay',
        after: 'We are counting on both sides to accept it without delay',
      },
    ],
    0.9,
    {
      reason: 'Both quote Jean-Noël Barrot; the words inside the quotation marks differ.',
      alteration: 'words-changed',
      words: [
        { value: 'We are counting on both ' },
        { value: 'parties', removed: true },
        { value: 'sides', added: true },
        { value: ' to accept it without delay' },
      ],
    },
  ),
  difference(
    'different-excerpts',
    '“We know tensions are high, but we also see that there is a path forward for diplomacy,” Sabrina Singh, deputy Pentagon press secretary, told reporters Wednesday.',
    '“Without characterizing Israeli operations and letting them speak to them for themselves, it doesn’t look like anything is imminent,” she said.',
    [
      {
        type: 'quote',
        before: 'We know tensions are high, but we also see that there is a path forward for diplomacy',
        after: 'Without characterizing Israeli operations … it doesn’t look like anything is imminent',
      },
    ],
    0.85,
    {
      reason: 'Both quote Sabrina Singh on Wednesday, with different words.',
      words: null,
      quotes: {
        speaker: 'Sabrina Singh',
        before: ['We know tensions are high, but we also see that there is a path forward for diplomacy'],
        after: ['Without characterizing Israeli operations … it doesn’t look like anything is imminent'],
      },
    },
  ),
  difference(
    'only-before',
    'Lebanese officials said a massive Israeli barrage killed at least 560 people on Monday, prompting thousands to flee southern Lebanon.',
    null,
    [{ type: 'number', before: 'at least 560 people', after: null }],
    0.7,
  ),
  difference(
    'only-before',
    'The Israeli military said it tracked 55 rockets fired out of Lebanon and landing in Israel.',
    null,
    [{ type: 'number', before: '55 rockets', after: null }],
    0.55,
  ),
  difference(
    'only-after',
    null,
    'One senior U.S. official said that Hezbollah’s firing of a ballistic missile targeting the headquarters of Israel’s intelligence service Mossad near Tel Aviv only intensified the Israeli government’s resolve.',
    [{ type: 'entity', before: null, after: 'Mossad' }],
    0.6,
  ),
  difference(
    'only-after',
    null,
    'There are roughly 80,000 U.S. citizens in Lebanon.',
    [{ type: 'number', before: null, after: '80,000 U.S. citizens' }],
    0.5,
  ),
].map((difference) => ({ ...difference, group: siblingGroupOf(difference) }));

export const FOX_ARTICLE: ArticleSummary = {
  id: 1,
  urlKey: 'foxnews.com/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war',
  url: FOX_URL,
  title: FOX_TITLE,
  siteName: 'Fox News',
  outlet: 'foxnews.com',
  publishedTime: '2024-09-25T14:04:00Z',
  firstCapturedAt: NOW - 6 * 60 * MINUTE,
  lastCapturedAt: NOW - 3 * MINUTE,
  versionCount: 2,
  latestVersionId: 11,
  storyId: 7,
};

export const FOX_V1: VersionSummary = {
  id: 10,
  articleId: 1,
  capturedAt: NOW - 6 * 60 * MINUTE,
  contentHash: 'a1',
  title: FOX_TITLE,
  paragraphCount: 14,
  claimCount: 24,
  wordCount: 443,
  changeCount: null,
  origin: { kind: 'reader' },
};

export const FOX_V2: VersionSummary = {
  ...FOX_V1,
  id: 11,
  capturedAt: NOW - 3 * MINUTE,
  contentHash: 'a2',
  paragraphCount: 21,
  claimCount: 36,
  wordCount: 666,
  changeCount: VERSION_DIFFERENCES.length,
};

export const ABC_SIBLING: SiblingSummary = {
  articleId: 2,
  versionId: 20,
  title: 'US urges diplomacy as Israel lays groundwork for possible ground invasion of Lebanon',
  siteName: 'ABC News',
  outlet: 'abcnews.go.com',
  url: ABC_URL,
  publishedTime: '2024-09-25T16:30:00Z',
  capturedAt: NOW - 20 * MINUTE,
  score: 0.62,
};

const foxSummary = {
  title: FOX_TITLE,
  siteName: 'Fox News',
  url: FOX_URL,
  byline: null,
  publishedTime: null,
};

export const VERSION_COMPARISON: Comparison = {
  relation: 'version',
  similarity: 0.71,
  before: foxSummary,
  after: foxSummary,
  differences: VERSION_DIFFERENCES,
};

export const SIBLING_COMPARISON: Comparison = {
  relation: 'sibling',
  similarity: 0.62,
  before: foxSummary,
  after: { title: ABC_SIBLING.title, siteName: 'ABC News', url: ABC_URL, byline: null, publishedTime: null },
  differences: SIBLING_DIFFERENCES,
};

export const TAB_ID = 42;

export function readyAnalysis(
  overrides: Partial<Extract<TabAnalysis, { state: 'ready' }>> = {},
): TabAnalysis {
  return {
    state: 'ready',
    tabId: TAB_ID,
    article: FOX_ARTICLE,
    current: FOX_V2,
    versions: [FOX_V1, FOX_V2],
    savedNewVersion: true,
    baseVersionId: FOX_V1.id,
    changes: VERSION_COMPARISON,
    siblings: [ABC_SIBLING],
    ...overrides,
  };
}

export function firstCaptureAnalysis(): TabAnalysis {
  return readyAnalysis({
    article: { ...FOX_ARTICLE, versionCount: 1, latestVersionId: FOX_V1.id },
    current: FOX_V1,
    versions: [FOX_V1],
    baseVersionId: null,
    changes: null,
    siblings: [],
  });
}

export function storedHeader(): TabHeader {
  return { tabId: TAB_ID, title: FOX_TITLE, url: FOX_URL, stored: FOX_ARTICLE };
}
