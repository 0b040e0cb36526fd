/**
 * `crosscheck history` against the local archive stand-in: the founding Fox article, captured
 * before its edit, compared with the live (edited) page. Nothing here reaches a real host.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import history from '../../src/cli/commands/history';
import { CliError } from '../../src/cli/errors';
import { readSeedPage, start, type ArchiveStandIn } from '../stand-ins/archive-server';

// The first run loads jsdom, the claim lexicon and the compare engine cold; on a busy machine
// that alone can pass vitest's default 5 s.
const COLD = 60_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let archive: ArchiveStandIn;

beforeAll(async () => {
  archive = await start();
  // A page that is live but was never archived.
  archive.setLive('/politics/fresh-story', readSeedPage('fox-ceasefire-v2'));
});

afterAll(() => archive.stop());

afterEach(() => {
  archive.setFault(null);
  vi.restoreAllMocks();
});

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await history(args), out };
  } finally {
    write.mockRestore();
  }
}

interface HistoryJson {
  url: string;
  archive: string;
  captures: Record<string, unknown>[];
  comparison: {
    relation: string;
    before: { url: string };
    differences: {
      kind: string;
      before: string | null;
      after: string | null;
      facets: { type: string; before: string | null; after: string | null }[];
    }[];
  } | null;
}

describe('crosscheck history', () => {
  it(
    'prints the JSON contract: captures earliest first, and the earliest usable one compared with the live page',
    async () => {
      const { code, out } = await run([archive.url, '--archive', archive.base, '--json']);
      expect(code).toBe(0);
      const json = JSON.parse(out) as HistoryJson;
      expect(Object.keys(json)).toEqual(['url', 'archive', 'captures', 'comparison']);
      expect(json.url).toBe(archive.url);
      expect(json.archive).toBe(archive.base);
      expect(json.captures.map((c) => Object.keys(c))).toEqual(
        json.captures.map(() => ['timestamp', 'time', 'url', 'status', 'reason', 'contentHash']),
      );
      expect(json.captures.map((c) => [c.timestamp, c.time, c.status, c.reason])).toEqual([
        ['20240925135200', '2024-09-25T13:52:00Z', 'used', null],
        [
          '20240925141500',
          '2024-09-25T14:15:00Z',
          'same',
          'same text as the capture of 2024-09-25 13:52 UTC',
        ],
        ['20240925160300', '2024-09-25T16:03:00Z', 'skipped', 'cookie wall'],
        ['20240925213000', '2024-09-25T21:30:00Z', 'used', null],
        [
          '20241002120000',
          '2024-10-02T12:00:00Z',
          'same',
          'same text as the capture of 2024-09-25 21:30 UTC',
        ],
      ]);
      expect(json.captures[0]!.url).toBe(`${archive.base}/web/20240925135200id_/${archive.url}`);
      expect(json.captures[0]!.contentHash).toMatch(/^[0-9a-f]{14}$/);

      const comparison = json.comparison!;
      expect(Object.keys(comparison)).toEqual(['relation', 'similarity', 'before', 'after', 'differences']);
      expect(comparison.relation).toBe('version');
      expect(comparison.before.url).toBe(json.captures[0]!.url);
      const troops = comparison.differences[0]!;
      expect(troops.kind).toBe('changed');
      expect(troops.facets).toContainEqual({
        type: 'number',
        before: '40,000 U.S. troops',
        after: 'a small number of U.S. troops',
      });
      expect(
        comparison.differences.some((d) =>
          d.facets.some((f) => f.before === 'a U.S. official told Fox News'),
        ),
      ).toBe(true);
    },
    COLD,
  );

  it(
    'prints the captures and the changes as text',
    async () => {
      const { code, out } = await run([archive.url, `--archive=${archive.base}`, '--limit', '5']);
      expect(code).toBe(0);
      expect(out).toContain('captures: 5 listed (via CDX), 5 read: 2 used, 2 same, 1 skipped');
      expect(out).toMatch(/2024-09-25 16:03 UTC {2}skipped {2}\S+\n\s+cookie wall\n/);
      expect(out).toContain('earliest usable capture (2024-09-25 13:52 UTC) → live page:');
      expect(out).toContain('[-40,000-]{+a small number of+} U.S. troops');
    },
    COLD,
  );

  it(
    'an address without captures: exit 0, no captures, no comparison',
    async () => {
      const fresh = `${archive.base}/politics/fresh-story`;
      const json = JSON.parse((await run([fresh, '--archive', archive.base, '--json'])).out) as HistoryJson;
      expect(json).toEqual({ url: fresh, archive: archive.base, captures: [], comparison: null });
      const text = await run([fresh, '--archive', archive.base]);
      expect(text.code).toBe(0);
      expect(text.out).toContain('No archived copies of this address.');
    },
    COLD,
  );

  it(
    'rate-limited or unavailable: one line naming the cause',
    async () => {
      archive.setFault({ on: 'cdx', status: 429, retryAfter: '120' });
      await expect(run([archive.url, '--archive', archive.base])).rejects.toThrow(
        new RegExp(
          `^archive ${archive.base}: rate-limited \\(HTTP 429\\): try again after \\S+Z \\(in 1[12]\\d(?:\\.\\d)? s\\)$`,
        ),
      );
      archive.setFault({ on: 'cdx', status: 503 });
      await expect(run([archive.url, '--archive', archive.base, '--json'])).rejects.toThrow(
        `archive ${archive.base}: unavailable (HTTP 503 Service Unavailable)`,
      );
    },
    COLD,
  );

  it('refuses bad arguments', async () => {
    await expect(run([])).rejects.toBeInstanceOf(CliError);
    await expect(run(['page.html'])).rejects.toThrow('history needs an http(s) address');
    await expect(run([archive.url, '--limit', '0'])).rejects.toThrow('--limit must be a whole number');
    await expect(run([archive.url, '--archive', 'ftp://x'])).rejects.toThrow(
      '--archive must be an http(s) address',
    );
    await expect(run([archive.url, '--frobnicate'])).rejects.toThrow('unknown option --frobnicate');
  });

  it('from the terminal: an unavailable archive is one line on stderr and exit 2', async () => {
    archive.setFault({ on: 'cdx', status: 503 });
    const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        tsx,
        [path.join(root, 'src', 'cli', 'main.ts'), 'history', archive.url, '--archive', archive.base],
        { cwd: root, timeout: 120_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `crosscheck: archive ${archive.base}: unavailable (HTTP 503 Service Unavailable)\n`,
    );
  }, 150_000);
});
