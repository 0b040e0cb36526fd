import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle } from '../../src/model/types';
import {
  applyCheckResult,
  checkArticle,
  fetchPage,
  notAVersion,
  startWatch,
  TEASER_MAX_WORD_SHARE,
  watchSettings,
  type CheckDeps,
} from '../../src/watch/index';
import { startNewsServer, type NewsServer } from '../stand-ins/news-server';

let news: NewsServer;
let baseline: AnalysedArticle;
const deps: CheckDeps = { fetch, now: Date.now, timeoutMs: 1_500, maxBytes: 1024 * 1024 };

beforeAll(async () => {
  news = await startNewsServer({ slowMs: 5_000, hugeBytes: 16 * 1024 * 1024 });
  news.setState('v1');
  const first = await checkArticle({ url: news.articleUrl, previous: null }, deps);
  expect(first.outcome).toBe('unchanged');
  baseline = first.article!;
});

afterAll(() => news.stop());

beforeEach(() => {
  news.requests.length = 0;
});

const check = () => checkArticle({ url: news.articleUrl, previous: baseline }, deps);

describe('one check of a watched article, against the local news server', () => {
  it('reads the article through the auto-capture path and finds nothing new when it did not change', async () => {
    news.setState('v1');
    const result = await check();
    expect(result.outcome).toBe('unchanged');
    expect(result.contentHash).toBe(baseline.article.contentHash);
    expect(result.comparison).toBeNull();
    expect(result.reason).toBeNull();
    expect(result.checkedAt).toBeGreaterThanOrEqual(result.startedAt);
    expect(news.requests.map((r) => r.path)).toEqual([new URL(news.articleUrl).pathname]);
  });

  it('reports an edit with its claim-level comparison and the change in words', async () => {
    news.setState('v2');
    const result = await check();
    expect(result.outcome).toBe('changed');
    expect(result.contentChanged).toBe(true);
    expect(result.contentHash).not.toBe(baseline.article.contentHash);
    const top = result.comparison!.differences[0]!;
    expect(top.facets).toContainEqual({
      type: 'number',
      before: '40,000 U.S. troops',
      after: 'a small number of U.S. troops',
    });
    expect(result.summary).toBe('Fox News changed "40,000 U.S. troops" to "a small number of U.S. troops"');
  });

  it('says the article was taken down on 404 and 410, and on a redirect to the front page', async () => {
    for (const state of ['removed', 'gone', 'to-front-page'] as const) {
      news.setState(state);
      const result = await check();
      expect(result.outcome, state).toBe('removed');
      expect(result.article).toBeNull();
      expect(result.reason).toMatch(/taken down/);
    }
  });

  it('follows a redirect to another address and keeps both addresses', async () => {
    news.setState('v1');
    news.setState('moved');
    const result = await check();
    expect(result.outcome).toBe('moved');
    expect(result.movedFrom).toBe(news.articleUrl);
    expect(result.movedTo).toBe(news.movedUrl);
    expect(result.contentChanged).toBe(false);
    expect(result.article?.article.contentHash).toBe(baseline.article.contentHash);
    // Checked again where it now lives: no longer news.
    const again = await checkArticle(
      { url: news.articleUrl, movedTo: news.movedUrl, previous: baseline },
      deps,
    );
    expect(again.outcome).toBe('unchanged');
    news.setState('moved-temporarily');
    expect((await check()).outcome).toBe('moved');
  });

  it('does not take a paywall teaser for a version', async () => {
    news.setState('paywall');
    const result = await check();
    expect(result.outcome).toBe('unreadable');
    expect(result.contentHash).toBeNull();
    expect(result.article).toBeNull();
    expect(result.reason).toMatch(/^could not read the article on the last check: /);
    expect(result.reason).toMatch(/paywall/);
  });

  it('gives up on a slow server after the timeout, and on one that never answers', async () => {
    for (const state of ['slow', 'hang'] as const) {
      news.setState(state);
      const started = Date.now();
      const result = await check();
      const took = Date.now() - started;
      expect(result.outcome, state).toBe('error');
      expect(result.reason).toMatch(/no complete answer in 1.5 s/);
      expect(took).toBeGreaterThanOrEqual(1_400);
      expect(took).toBeLessThan(4_000);
    }
    // Slow within the timeout is fine.
    const patient = await startNewsServer({ slowMs: 300, initial: 'slow' });
    try {
      const result = await checkArticle({ url: patient.articleUrl, previous: baseline }, deps);
      expect(result.outcome).toBe('unchanged');
    } finally {
      await patient.stop();
    }
  });

  it('cuts a huge response off at the size limit without reading the rest', async () => {
    news.setState('huge');
    const started = Date.now();
    const result = await check();
    expect(result.outcome).toBe('unreadable');
    expect(result.reason).toMatch(/larger than 1 MB/);
    expect(Date.now() - started).toBeLessThan(1_500);
    // Reading stopped at the limit and the connection was dropped: the server never got to send
    // the rest (what it wrote is the limit plus the socket buffers, far from 16 MB).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(news.requests[0]!.bytes).toBeLessThan(8 * 1024 * 1024);
    const page = await fetchPage(news.articleUrl, { fetch, timeoutMs: 5_000, maxBytes: 64 * 1024 });
    expect(page.ok).toBe(false);
    if (!page.ok) expect(page.failure).toBe('too-large');
  });

  it('backs off on server errors and on an unreachable host', async () => {
    news.setState('error');
    const failed = await check();
    expect(failed.outcome).toBe('error');
    expect(failed.reason).toMatch(/HTTP 503/);
    // A port nothing listens on: the connection is refused, no host outside this machine is asked.
    const closed = await startNewsServer();
    const url = closed.articleUrl;
    await closed.stop();
    const unreachable = await checkArticle({ url, previous: baseline }, deps);
    expect(unreachable.outcome).toBe('error');
    expect(unreachable.status).toBeNull();
    expect(unreachable.offline).toBe(false);
    const offline = await checkArticle({ url, previous: baseline }, { ...deps, online: () => false });
    expect(offline.offline).toBe(true);
    expect(offline.reason).toMatch(/^offline: /);
  });

  it('two checks of one article at once store one version and tell the reader once', async () => {
    news.setState('v2');
    // The store's transaction, reduced to what matters: one at a time, reads and writes inside.
    const versions: string[] = [baseline.article.contentHash];
    let watch = startWatch(
      news.articleUrl,
      { now: Date.now(), contentHash: versions[0]! },
      watchSettings(),
      Math.random,
    );
    let queue = Promise.resolve();
    const notified: string[] = [];
    const transaction = (work: () => void) => (queue = queue.then(work));
    const checkAndApply = async () => {
      const result = await check();
      await transaction(() => {
        const applied = applyCheckResult(watch, result, new Set(versions), watchSettings(), Math.random);
        watch = applied.watch;
        if (applied.storeVersion) versions.push(applied.storeVersion.article.contentHash);
        if (applied.notify) notified.push(applied.notify.summary);
      });
    };
    await Promise.all([checkAndApply(), checkAndApply(), checkAndApply()]);
    expect(news.requests).toHaveLength(3);
    expect(versions).toEqual([baseline.article.contentHash, expect.any(String)]);
    expect(notified).toHaveLength(1);
    expect(notified[0]).toMatch(/40,000 U\.S\. troops/);
  });

  it('stops when the caller cancels', async () => {
    news.setState('hang');
    const controller = new AbortController();
    const pending = checkArticle(
      { url: news.articleUrl, previous: baseline },
      { ...deps, signal: controller.signal, timeoutMs: 10_000 },
    );
    setTimeout(() => controller.abort(), 100);
    const result = await pending;
    expect(result.outcome).toBe('error');
    expect(result.reason).toMatch(/cancelled/);
  });
});

describe('what is not a version', () => {
  const url = 'https://news.example/2026/01/05/story';
  const article = (text: string) => analyse(articleFromText(text, url));
  const report = article(
    [
      'Council approves the new bridge',
      'The city council approved the new river bridge on Monday by a vote of 7 to 2.',
      'The bridge will cost $48 million and open in 2028, the mayor said.',
      'Opponents argued that the money should go to repairing existing roads first.',
      'Construction is expected to begin in the spring, officials told reporters.',
      'Residents of the east bank have waited for a crossing for more than forty years.',
      'The state has promised to cover a third of the cost, according to the council.',
    ].join('\n'),
  );

  it('a teaser of the first paragraphs is a paywall page, an added paragraph is an edit', () => {
    const teaser = article(
      [
        'Council approves the new bridge',
        'The city council approved the new river bridge on Monday by a vote of 7 to 2.',
        'Subscribe to keep reading.',
      ].join('\n'),
    );
    expect(notAVersion(report, teaser)).toMatch(/paywall/);
    const longer = article(
      [
        ...report.article.paragraphs,
        'Update: the governor signed the funding bill on Tuesday, a spokesman said.',
      ].join('\n'),
    );
    expect(notAVersion(report, longer)).toBeNull();
  });

  it('a consent wall at the address is another page, not a rewrite', () => {
    const consent = article(
      [
        'Before you continue',
        'We use cookies and data to deliver and maintain our services and to measure how they are used.',
        'If you accept all, we will also use cookies to personalise content and ads. Accept all or reject all.',
      ].join('\n'),
    );
    expect(notAVersion(report, consent)).toMatch(/another page/);
  });

  // Read from ../shared at run time (never copied in); a checkout without it fails here, loudly.
  const versionsFile = path.resolve('../shared/datasets/versions-dev.jsonl');
  it('never calls a real newsroom edit a paywall or another page (versions-dev, both directions)', () => {
    const pairs = readFileSync(versionsFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; old_text: string; new_text: string });
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) {
      const before = article(pair.old_text);
      const after = article(pair.new_text);
      expect(notAVersion(before, after), pair.id).toBeNull();
      expect(notAVersion(after, before), pair.id).toBeNull();
      // Their first sentences as a teaser are caught, so the rule is not idle on this data.
      const teaser = article(
        [before.article.title, ...before.claims.slice(0, 5).map((c) => c.text)].join('\n'),
      );
      expect(notAVersion(before, teaser), pair.id).toMatch(/paywall/);
    }
    expect(TEASER_MAX_WORD_SHARE).toBeLessThan(0.73);
  });
});

describe('the per-check timeout', () => {
  it('is released when the fetch is over, not left to run its course', async () => {
    const signals: AbortSignal[] = [];
    const page = await fetchPage('http://127.0.0.1/article', {
      fetch: (_url, init) => {
        signals.push(init!.signal!);
        return Promise.resolve(
          new Response('<!doctype html><title>t</title><p>text</p>', {
            headers: { 'content-type': 'text/html' },
          }),
        );
      },
      timeoutMs: 40,
      maxBytes: 1024,
    });
    expect(page.ok).toBe(true);
    // Past the timeout: a timer still running would have aborted the fetch's signal by now (and
    // held the signal, and what the fetch hung on it, until then).
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
  });
});
