import { afterEach, describe, expect, it, vi } from 'vitest';
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
});
