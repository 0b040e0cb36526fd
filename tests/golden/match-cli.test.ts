import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import rankCommand from '../../src/cli/commands/rank';
import { CliError } from '../../src/cli/errors';
import { fixturePath } from '../fixtures/pages';

afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const code = await rankCommand(args);
  return { code, out };
}

describe('crosscheck rank', () => {
  it('orders the version first, then the sibling, as JSON', async () => {
    const article = fixturePath('fox-ceasefire-v2');
    const abc = fixturePath('abc-ceasefire');
    const v1 = fixturePath('fox-ceasefire-v1');
    const { code, out } = await run([article, abc, v1, '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as {
      article: string;
      candidates: { path: string; relation: string; score: number }[];
    };
    expect(parsed.article).toBe(article);
    expect(parsed.candidates.map((c) => [c.path, c.relation])).toEqual([
      [v1, 'version'],
      [abc, 'sibling'],
    ]);
    expect(parsed.candidates[1]!.score).toBeGreaterThanOrEqual(0.3);
  });

  it('prints a table with relation, score and title', async () => {
    const { out } = await run([fixturePath('fox-ceasefire-v2'), fixturePath('abc-ceasefire')]);
    expect(out).toMatch(/1\s+sibling\s+0\.\d\d\s+\S*abc-ceasefire\/source\.html/);
    expect(out).toContain('US urges diplomacy');
  });

  it('needs at least one candidate and rejects unknown options', async () => {
    await expect(run([fixturePath('fox-ceasefire-v2')])).rejects.toBeInstanceOf(CliError);
    await expect(
      run([fixturePath('fox-ceasefire-v2'), fixturePath('abc-ceasefire'), '--fast']),
    ).rejects.toThrow(/unknown option --fast/);
  });

  describe('with a short brief and a page without an article among the candidates', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crosscheck-rank-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const brief = path.join(dir, 'brief.html');
    writeFileSync(
      brief,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>US seeks Israel-Hezbollah truce</title>
<meta property="og:site_name" content="Wire Brief Service"></head><body><main><article>
<h1>US seeks Israel-Hezbollah truce</h1>
<p>The United States pressed for a temporary ceasefire between Israel and Hezbollah on Wednesday.</p>
<p>Pentagon deputy press secretary Sabrina Singh said Washington wanted a diplomatic solution.</p>
<p>Israeli strikes in Lebanon killed hundreds this week.</p>
</article></main></body></html>`,
    );
    const links = path.join(dir, 'links.html');
    writeFileSync(
      links,
      `<!doctype html><html><head><title>Sections</title></head><body><nav>
<a href="/a">World</a> <a href="/b">Politics</a> <a href="/c">Sport</a></nav></body></html>`,
    );

    it(
      'ranks the brief and reports the page without an article as unreadable, in JSON',
      { timeout: 30_000 },
      async () => {
        const abc = fixturePath('abc-ceasefire');
        const { code, out } = await run([fixturePath('fox-ceasefire-v2'), links, brief, abc, '--json']);
        expect(code).toBe(0);
        const parsed = JSON.parse(out) as {
          candidates: { path: string; relation: string; score: number | null; reason?: string }[];
        };
        const byPath = new Map(parsed.candidates.map((c) => [c.path, c]));
        expect(byPath.get(abc)?.relation).toBe('sibling');
        expect(byPath.get(brief)?.relation).not.toBe('unreadable');
        expect(byPath.get(brief)?.score).toBeGreaterThan(0);
        expect(byPath.get(links)).toMatchObject({ relation: 'unreadable', score: null });
        expect(byPath.get(links)?.reason).toMatch(/not an article/);
        expect(parsed.candidates.at(-1)?.path).toBe(links);
      },
    );

    it('prints the reason in the table', { timeout: 30_000 }, async () => {
      const { code, out } = await run([fixturePath('fox-ceasefire-v2'), links, brief]);
      expect(code).toBe(0);
      expect(out).toMatch(/2\s+unreadable\s+-\s+\S*links\.html/);
      expect(out).toMatch(/not an article/);
    });
  });
});
