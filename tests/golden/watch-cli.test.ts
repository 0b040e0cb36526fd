import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/cli/errors';
import watch from '../../src/cli/commands/watch';
import { startNewsServer, type NewsServer } from '../stand-ins/news-server';

let news: NewsServer;

beforeAll(async () => {
  news = await startNewsServer();
});
afterAll(() => news.stop());
afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const code = await watch(args);
  return { code, out };
}

interface Line {
  url: string;
  time: string;
  event: string;
  comparison: {
    relation: string;
    differences: {
      kind: string;
      before: string | null;
      after: string | null;
      facets: { type: string; before: string | null; after: string | null }[];
    }[];
  } | null;
  reason: string | null;
}

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);

describe('crosscheck watch', () => {
  it('prints a changed event with the compare --json comparison when the article is edited between reads', async () => {
    news.requests.length = 0;
    news.queue('v1', 'v2');
    const started = Date.now();
    const { code, out } = await run([news.articleUrl, '--every', '0.01', '--times', '2', '--json']);
    expect(code).toBe(0);
    const [first, second, ...rest] = lines(out);
    expect(rest).toEqual([]);
    expect(news.requests).toHaveLength(2);
    // --every 0.01 is 0.6 s between reads.
    expect(news.requests[1]!.at - news.requests[0]!.at).toBeGreaterThanOrEqual(550);
    expect(Date.now() - started).toBeLessThan(10_000);
    for (const line of [first!, second!]) {
      expect(Object.keys(line)).toEqual(['url', 'time', 'event', 'comparison', 'reason']);
      expect(line.url).toBe(news.articleUrl);
      expect(new Date(line.time).toISOString()).toBe(line.time);
    }
    expect(first).toMatchObject({ event: 'unchanged', comparison: null });
    expect(first!.reason).toMatch(/first read/);
    expect(second!.event).toBe('changed');
    expect(second!.reason).toBe('Fox News changed "40,000 U.S. troops" to "a small number of U.S. troops"');
    const comparison = second!.comparison!;
    expect(Object.keys(comparison)).toEqual(['relation', 'similarity', 'before', 'after', 'differences']);
    expect(comparison.relation).toBe('version');
    const troops = comparison.differences[0]!;
    expect(Object.keys(troops)).toEqual(['kind', 'before', 'after', 'facets', 'significance']);
    expect(troops.before).toContain('40,000');
    expect(troops.after).toContain('a small number');
    expect(troops.facets).toContainEqual({
      type: 'number',
      before: '40,000 U.S. troops',
      after: 'a small number of U.S. troops',
    });
  });

  it('prints removal, a move and an unreadable page as they happen', async () => {
    news.requests.length = 0;
    news.queue('v1', 'removed', 'paywall', 'moved');
    const { out } = await run([news.articleUrl, '--every=0.005', '--times=5', '--json']);
    const events = lines(out);
    expect(events.map((e) => e.event)).toEqual(['unchanged', 'removed', 'error', 'moved', 'unchanged']);
    expect(events[1]!.reason).toMatch(/taken down \(HTTP 404/);
    expect(events[2]!.reason).toMatch(/^could not read the article on the last check: .*paywall/);
    expect(events[3]!.reason).toBe(`moved from ${news.articleUrl} to ${news.movedUrl}`);
    expect(events.every((e) => e.comparison === null)).toBe(true);
    // Once moved, the article is read where it now lives.
    expect(news.requests.at(-1)!.path).toBe(new URL(news.movedUrl).pathname);
  });

  it('prints the change in words and the marked differences without --json', async () => {
    news.queue('v1', 'v2');
    const { out } = await run([news.articleUrl, '--every', '0.005', '--times', '2']);
    expect(out).toMatch(/unchanged\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(out).toMatch(/changed\s+http:\/\/127\.0\.0\.1:\d+\//);
    expect(out).toContain('Fox News changed "40,000 U.S. troops" to "a small number of U.S. troops"');
    expect(out).toContain('[-40,000-]{+a small number of+}');
    expect(out).not.toContain('\x1b[');
  });

  it('refuses what it cannot watch', async () => {
    await expect(run([])).rejects.toBeInstanceOf(CliError);
    await expect(run(['page.html'])).rejects.toThrow(/not an address/);
    await expect(run(['file:///etc/hosts'])).rejects.toThrow(/not an http/);
    await expect(run([news.articleUrl, '--every', '0'])).rejects.toThrow(/--every/);
    await expect(run([news.articleUrl, '--every', 'soon'])).rejects.toThrow(/--every/);
    await expect(run([news.articleUrl, '--times', '1.5'])).rejects.toThrow(/--times/);
    await expect(run([news.articleUrl, '--often'])).rejects.toThrow(/unknown option/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: crosscheck watch');
  });
});
