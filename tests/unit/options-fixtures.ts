/* eslint-disable @typescript-eslint/require-await -- async stand-ins for an async interface, and act() callbacks */
/**
 * In-memory stand-in for the background, shaped by the real protocol types, plus the founding
 * seeds as stored versions. The options and comparison pages are what these tests exercise;
 * this only plays the other end of the message channel.
 */
import { diffWords } from 'diff';
import type { Article, Comparison, Difference } from '../../src/model/types';
import { DEFAULT_SETTINGS } from '../../src/model/settings';
import type {
  ArticleSummary,
  DeletionResult,
  DeletionTarget,
  ImportReport,
  OutletSummary,
  Settings,
  StoredVersion,
  VersionSummary,
} from '../../src/protocol/types';
import type { PageClient, ProtocolClient } from '../../src/ui/shared/client';
import { readSeed } from '../fixtures/pages';

/** The seed text's paragraphs, without the lines an extractor drops (capitals headline, promo). */
export function seedParagraphs(name: string): string[] {
  return readSeed(name)
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && line !== line.toUpperCase());
}

export function makeArticle(url: string, siteName: string, title: string, paragraphs: string[]): Article {
  return {
    url,
    canonicalUrl: url,
    urlKey: url.replace(/^https?:\/\//, ''),
    title,
    byline: null,
    siteName,
    publishedTime: '2024-09-25T12:00:00Z',
    modifiedTime: null,
    lang: 'en',
    dir: 'ltr',
    paragraphs,
    credits: [],
    contentHash: String(paragraphs.join('').length),
    extractorVersion: 'test',
    removed: [],
  };
}

interface Entry {
  summary: ArticleSummary;
  versions: StoredVersion[];
}

type Calls = { [K in keyof ProtocolClient]?: Parameters<ProtocolClient[K]>[0][] };

export class FakeBackground {
  entries: Entry[] = [];
  comparisons = new Map<string, Comparison>();
  settings: Settings = { ...DEFAULT_SETTINGS };
  policies = new Map<string, { autoCapture: boolean; ignored: boolean }>();
  importReport: ImportReport | null = null;
  calls: Calls = {};
  private undo: Entry[] | null = null;
  private nextVersionId = 1;

  private record<K extends keyof ProtocolClient>(method: K, data: Parameters<ProtocolClient[K]>[0]): void {
    const list = (this.calls[method] ??= []) as Parameters<ProtocolClient[K]>[0][];
    list.push(data);
  }

  add(
    id: number,
    outlet: string,
    articles: Article[],
    storyId: number | null = null,
    capturedAt = 1_727_000_000_000,
  ): Entry {
    const first = articles[0]!;
    const versions: StoredVersion[] = articles.map((article, index) => {
      const summary: VersionSummary = {
        id: this.nextVersionId++,
        articleId: id,
        capturedAt: capturedAt + index * 3_600_000,
        contentHash: article.contentHash,
        title: article.title,
        paragraphCount: article.paragraphs.length,
        claimCount: article.paragraphs.length * 2,
        wordCount: article.paragraphs.join(' ').split(/\s+/).length,
        changeCount: index === 0 ? null : 5,
        origin: { kind: 'reader' },
      };
      return { summary, article };
    });
    const last = versions[versions.length - 1]!;
    const entry: Entry = {
      summary: {
        id,
        urlKey: first.urlKey,
        url: first.url,
        title: last.article.title,
        siteName: first.siteName,
        outlet,
        publishedTime: first.publishedTime,
        firstCapturedAt: versions[0]!.summary.capturedAt,
        lastCapturedAt: last.summary.capturedAt,
        versionCount: versions.length,
        latestVersionId: last.summary.id,
        storyId,
      },
      versions,
    };
    this.entries.push(entry);
    return entry;
  }

  private matches(entry: Entry, text: string): boolean {
    if (!text) return true;
    const needle = text.toLowerCase();
    const { summary } = entry;
    if (summary.title.toLowerCase().includes(needle) || summary.outlet.includes(needle)) return true;
    return entry.versions.some((v) => v.article.paragraphs.some((p) => p.toLowerCase().includes(needle)));
  }

  private outlets(): OutletSummary[] {
    const byOutlet = new Map<string, OutletSummary>();
    for (const { summary } of this.entries) {
      const policy = this.policies.get(summary.outlet) ?? { autoCapture: false, ignored: false };
      const outlet = byOutlet.get(summary.outlet) ?? {
        outlet: summary.outlet,
        siteName: summary.siteName,
        articleCount: 0,
        versionCount: 0,
        ...policy,
      };
      outlet.articleCount++;
      outlet.versionCount += summary.versionCount;
      byOutlet.set(summary.outlet, outlet);
    }
    return [...byOutlet.values()];
  }

  client(): ProtocolClient {
    const unsupported = (name: string) => () =>
      Promise.reject(new Error(`${name} is not used by these pages`));
    const api: ProtocolClient = {
      tabHeader: unsupported('tabHeader'),
      analyseTab: unsupported('analyseTab'),
      showInPage: unsupported('showInPage'),
      requestSiteAccess: unsupported('requestSiteAccess'),
      captured: unsupported('captured'),
      capturedPage: unsupported('capturedPage'),
      capturedPagePart: unsupported('capturedPagePart'),
      archiveSource: unsupported('archiveSource'),
      lookUpArchive: unsupported('lookUpArchive'),
      cancelArchiveLookup: unsupported('cancelArchiveLookup'),
      watchStatus: unsupported('watchStatus'),
      setWatch: unsupported('setWatch'),
      listWatches: async () => [],
      checkWatchesNow: unsupported('checkWatchesNow'),
      listLibrary: async (query) => {
        this.record('listLibrary', query);
        const started = performance.now();
        const found = this.entries.filter(
          (e) => this.matches(e, query.text) && (!query.outlet || e.summary.outlet === query.outlet),
        );
        const key = query.sort.startsWith('captured') ? 'lastCapturedAt' : 'publishedTime';
        found.sort(
          (a, b) =>
            String(a.summary[key]).localeCompare(String(b.summary[key])) *
            (query.sort.endsWith('desc') ? -1 : 1),
        );
        const items = found.slice(query.offset, query.offset + query.limit).map((e) => e.summary);
        return { total: found.length, items, tookMs: performance.now() - started };
      },
      listStories: async (query) => {
        this.record('listStories', query);
        const stories = new Map<number, ArticleSummary[]>();
        for (const entry of this.entries.filter((e) => this.matches(e, query.text))) {
          const id = entry.summary.storyId ?? -entry.summary.id;
          stories.set(id, [...(stories.get(id) ?? []), entry.summary]);
        }
        const all = [...stories].map(([storyId, articles]) => ({ storyId, articles }));
        return { total: all.length, stories: all.slice(query.offset, query.offset + query.limit) };
      },
      getArticle: async ({ articleId }) => {
        const entry = this.entries.find((e) => e.summary.id === articleId);
        if (!entry) return null;
        const siblings = this.entries
          .filter(
            (e) => e !== entry && e.summary.storyId !== null && e.summary.storyId === entry.summary.storyId,
          )
          .map((e) => ({
            articleId: e.summary.id,
            versionId: e.summary.latestVersionId,
            title: e.summary.title,
            siteName: e.summary.siteName,
            outlet: e.summary.outlet,
            url: e.summary.url,
            publishedTime: e.summary.publishedTime,
            capturedAt: e.summary.lastCapturedAt,
            score: 0.82,
          }));
        return { article: entry.summary, versions: entry.versions.map((v) => v.summary), siblings };
      },
      getVersion: async ({ versionId }) =>
        this.entries.flatMap((e) => e.versions).find((v) => v.summary.id === versionId) ?? null,
      compareVersions: async ({ beforeVersionId, afterVersionId }) => {
        const found = this.comparisons.get(`${beforeVersionId}-${afterVersionId}`);
        if (!found) throw new Error('no comparison');
        return found;
      },
      compareSibling: async ({ versionId, siblingVersionId }) => {
        const found = this.comparisons.get(`${versionId}-${siblingVersionId}`);
        if (!found) throw new Error('no comparison');
        return found;
      },
      deleteItems: async (target: DeletionTarget): Promise<DeletionResult> => {
        this.record('deleteItems', target);
        const before = this.entries;
        const keep = (e: Entry) =>
          target.kind === 'article'
            ? e.summary.id !== target.articleId
            : target.kind === 'outlet'
              ? e.summary.outlet !== target.outlet
              : target.kind === 'all'
                ? false
                : true;
        this.entries = before.filter(keep);
        const gone = before.filter((e) => !keep(e));
        this.undo = before;
        return {
          articles: gone.length,
          versions: gone.reduce((n, e) => n + e.versions.length, 0),
          undoable: true,
        };
      },
      undoDelete: async () => {
        this.record('undoDelete', {});
        const restored = this.undo ? this.undo.length - this.entries.length : 0;
        if (this.undo) this.entries = this.undo;
        this.undo = null;
        return { articles: restored, versions: restored, undoable: false };
      },
      exportLibrary: async (data) => {
        this.record('exportLibrary', data);
        const chosen = data.articleIds
          ? this.entries.filter((e) => data.articleIds!.includes(e.summary.id))
          : this.entries;
        return JSON.stringify({ format: 'crosscheck-library', articles: chosen.map((e) => e.summary) });
      },
      importLibrary: async (data) => {
        this.record('importLibrary', data);
        if (this.importReport) return this.importReport;
        throw new Error('no import report prepared');
      },
      exportLibraryPage: async (data) => {
        this.record('exportLibraryPage', data);
        const chosen = data.articleIds
          ? data.articleIds.map((id) => this.entries.find((e) => e.summary.id === id))
          : this.entries;
        const end = Math.min(chosen.length, data.offset + data.limit);
        const articles = chosen
          .slice(data.offset, end)
          .filter((entry): entry is Entry => entry !== undefined)
          .map(({ summary, versions }) => ({
            urlKey: summary.urlKey,
            url: summary.url,
            title: summary.title,
            siteName: summary.siteName,
            byline: null,
            outlet: summary.outlet,
            publishedTime: summary.publishedTime,
            firstCapturedAt: summary.firstCapturedAt,
            lastCapturedAt: summary.lastCapturedAt,
            versions: versions.map((v) => ({
              capturedAt: v.summary.capturedAt,
              origin: v.summary.origin,
              article: v.article,
            })),
          }));
        return {
          articles,
          total: chosen.length,
          next: end < chosen.length ? { offset: end, versionOffset: 0 } : null,
        };
      },
      importLibraryBatch: async (data) => {
        this.record('importLibraryBatch', data);
        if (this.importReport) return this.importReport;
        throw new Error('no import report prepared');
      },
      listOutlets: async () => this.outlets(),
      setOutletPolicy: async (data) => {
        this.record('setOutletPolicy', data);
        const current = this.policies.get(data.outlet) ?? { autoCapture: false, ignored: false };
        this.policies.set(data.outlet, {
          autoCapture: data.autoCapture ?? current.autoCapture,
          ignored: data.ignored ?? current.ignored,
        });
        return this.outlets().find((o) => o.outlet === data.outlet)!;
      },
      getSettings: async () => this.settings,
      setSettings: async (patch) => {
        this.record('setSettings', patch);
        this.settings = { ...this.settings, ...patch };
        return this.settings;
      },
      storageUsage: async () => ({
        articles: this.entries.length,
        versions: this.entries.reduce((n, e) => n + e.versions.length, 0),
        bytes: 123_456,
        quota: 10_000_000,
      }),
    };
    return api;
  }
}

export interface FakePage extends PageClient {
  opened: string[];
  saved: { name: string; text: string }[];
  copied: string[];
  permissionRequests: string[][];
  permissionRemovals: string[][];
  grant: boolean;
}

export function fakePage(background: FakeBackground): FakePage {
  const page: FakePage = {
    api: background.client(),
    opened: [],
    saved: [],
    copied: [],
    permissionRequests: [],
    permissionRemovals: [],
    grant: true,
    permissions: {
      request: async (origins) => {
        page.permissionRequests.push(origins);
        return page.grant;
      },
      remove: async (origins) => {
        page.permissionRemovals.push(origins);
        return true;
      },
    },
    openPage: (p) => page.opened.push(p),
    saveFile: (name, text) => page.saved.push({ name, text }),
    copyText: async (text) => {
      page.copied.push(text);
    },
  };
  return page;
}

function pair(before: string, after: string): Difference['words'] {
  return diffWords(before, after).map((part) => ({
    value: part.value,
    added: part.added,
    removed: part.removed,
  }));
}

/** Fox v1, Fox v2 and ABC stored, with the v1 → v2 and v2 ↔ ABC comparisons a reader should see. */
export function seedLibrary(background = new FakeBackground()) {
  const v1 = makeArticle(
    'https://www.foxnews.com/politics/ceasefire',
    'Fox News',
    'US pushes temporary ceasefire',
    seedParagraphs('fox-ceasefire-v1.txt'),
  );
  const v2 = makeArticle(
    'https://www.foxnews.com/politics/ceasefire',
    'Fox News',
    'US pushes temporary ceasefire',
    seedParagraphs('fox-ceasefire-v2.txt'),
  );
  const abcText = seedParagraphs('abc-ceasefire.txt');
  const abc = makeArticle(
    'https://abcnews.go.com/International/ceasefire',
    'ABC News',
    'US, allies call for ceasefire',
    abcText,
  );
  const fox = background.add(1, 'foxnews.com', [v1, v2], 7);
  const abcEntry = background.add(2, 'go.com', [abc], 7);
  const [first, second] = fox.versions.map((v) => v.summary.id) as [number, number];

  const troopsBefore =
    'On Monday, the Pentagon announced an additional deployment of 40,000 U.S. troops to the Middle East.';
  const troopsAfter =
    'The Pentagon announced an additional deployment of a small number of U.S. troops to the Middle East.';
  const ledeBefore = v1.paragraphs[0]!;
  const ledeAfter = v2.paragraphs[0]!;
  const officialBefore =
    "The U.S. effort to secure the ceasefire isn't tethered to efforts to secure a ceasefire between Israel and Hamas and the release of hostages in Gaza, the official said.";
  const franceBefore =
    'France has been involved in the discussions, as have other Arab countries with which the U.S. regularly partners, the official said.';
  const franceAfter =
    'France has been involved in the discussions, as have other Arab countries with which the U.S. regularly partners.';
  const cyprus =
    'The troops were moved to Cyprus on Monday as the possibility of an evacuation operation has increased.';
  const summaryOf = (a: Article) => ({
    title: a.title,
    siteName: a.siteName,
    url: a.url,
    byline: null,
    publishedTime: a.publishedTime,
  });
  background.comparisons.set(`${first}-${second}`, {
    relation: 'version',
    similarity: 0.8,
    before: summaryOf(v1),
    after: summaryOf(v2),
    differences: [
      {
        kind: 'changed',
        before: troopsBefore,
        after: troopsAfter,
        facets: [
          { type: 'number', before: '40,000 U.S. troops', after: 'a small number of U.S. troops' },
          { type: 'date', before: 'On Monday', after: null },
        ],
        significance: 0.95,
        beforeId: 'b1',
        afterId: 'a1',
        words: pair(troopsBefore, troopsAfter),
        reason: 'A number became vague wording.',
      },
      {
        kind: 'changed',
        before: ledeBefore,
        after: ledeAfter,
        facets: [
          { type: 'attribution', before: 'a U.S. official told Fox News', after: 'Fox News has learned' },
        ],
        significance: 0.8,
        beforeId: 'b2',
        afterId: 'a2',
        words: pair(ledeBefore, ledeAfter),
        reason: null,
      },
      {
        kind: 'changed',
        before: franceBefore,
        after: franceAfter,
        facets: [{ type: 'attribution', before: 'the official said', after: null }],
        significance: 0.7,
        beforeId: 'b5',
        afterId: 'a5',
        words: pair(franceBefore, franceAfter),
        reason: null,
      },
      {
        kind: 'removed',
        before: officialBefore,
        after: null,
        facets: [{ type: 'attribution', before: 'the official said', after: null }],
        significance: 0.6,
        beforeId: 'b3',
        afterId: null,
        words: null,
        reason: null,
      },
      {
        kind: 'added',
        before: null,
        after: cyprus,
        facets: [{ type: 'entity', before: null, after: 'Cyprus' }],
        significance: 0.4,
        beforeId: null,
        afterId: 'a4',
        words: null,
        reason: null,
      },
    ],
  });
  const singhFox = v2.paragraphs.find((p) => p.includes('We know tensions are high'))!;
  const singhAbc = abcText.find((p) => p.includes('Sabrina Singh'))!;
  const killed = v2.paragraphs.find((p) => p.includes('560'))!;
  const mossad = abcText.find((p) => p.includes('Mossad'))!;
  background.comparisons.set(`${second}-${abcEntry.summary.latestVersionId}`, {
    relation: 'sibling',
    similarity: 0.6,
    before: summaryOf(v2),
    after: summaryOf(abc),
    differences: [
      {
        kind: 'different-quote',
        before: singhFox,
        after: singhAbc,
        facets: [
          { type: 'quote', before: 'We know tensions are high', after: 'an Israeli ground incursion' },
        ],
        significance: 0.9,
        beforeId: 's1',
        afterId: 's2',
        words: pair(singhFox, singhAbc),
        reason: 'Both quote Sabrina Singh, with different words.',
      },
      {
        kind: 'only-before',
        before: killed,
        after: null,
        facets: [{ type: 'number', before: 'at least 560 people', after: null }],
        significance: 0.8,
        beforeId: 's3',
        afterId: null,
        words: null,
        reason: null,
      },
      {
        kind: 'only-after',
        before: null,
        after: mossad,
        facets: [{ type: 'entity', before: null, after: 'Mossad' }],
        significance: 0.7,
        beforeId: null,
        afterId: 's4',
        words: null,
        reason: null,
      },
    ],
  });
  return {
    background,
    fox,
    abc: abcEntry,
    versionIds: { v1: first, v2: second, abc: abcEntry.summary.latestVersionId },
  };
}

/** `count` synthetic articles across a handful of outlets, for size behaviour. */
export function bulkLibrary(count: number, background = new FakeBackground()): FakeBackground {
  const outlets = ['foxnews.com', 'go.com', 'reuters.com', 'bbc.co.uk', 'apnews.com'];
  for (let i = 1; i <= count; i++) {
    const outlet = outlets[i % outlets.length]!;
    const article = makeArticle(
      `https://www.${outlet}/story-${i}`,
      outlet,
      `Story number ${i} about ${i % 2 ? 'ceasefire talks' : 'elections'}`,
      [`Paragraph of story ${i}.`],
    );
    background.add(i, outlet, [article], i % 100, 1_700_000_000_000 + i * 60_000);
  }
  return background;
}
