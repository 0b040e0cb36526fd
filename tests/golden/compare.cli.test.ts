import { afterEach, describe, expect, it, vi } from 'vitest';
import compare from '../../src/cli/commands/compare';
import { CliError } from '../../src/cli/errors';
import { fixturePath } from '../fixtures/pages';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await compare(args), out };
  } finally {
    write.mockRestore();
  }
}

describe('crosscheck compare', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints exactly the JSON contract for two versions', async () => {
    const { code, out } = await run([
      fixturePath('fox-ceasefire-v1'),
      fixturePath('fox-ceasefire-v2'),
      '--json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      relation: string;
      similarity: number;
      before: Record<string, unknown>;
      differences: {
        kind: string;
        before: string | null;
        after: string | null;
        facets: { type: string }[];
      }[];
    };
    expect(Object.keys(json)).toEqual(['relation', 'similarity', 'before', 'after', 'differences']);
    expect(json.relation).toBe('version');
    expect(Object.keys(json.before)).toEqual(['title', 'siteName', 'url', 'byline', 'publishedTime']);
    const troops = json.differences[0]!;
    expect(troops.kind).toBe('changed');
    expect(troops.facets.map((f) => f.type)).toContain('number');
    expect(Object.keys(troops)).toEqual(['kind', 'before', 'after', 'facets', 'significance']);
  });

  it('marks word-level insertions and deletions in plain text output', async () => {
    const { out } = await run([fixturePath('fox-ceasefire-v1'), fixturePath('fox-ceasefire-v2')]);
    expect(out).toContain('relation: version');
    expect(out).toContain('[-40,000-]{+a small number of+}');
    expect(out).toContain('[attribution]');
    expect(out).not.toContain('\x1b[');
  });

  it('compares sibling reports when forced, and rejects a bad --relation', async () => {
    const { out } = await run([
      fixturePath('fox-ceasefire-v2'),
      fixturePath('abc-ceasefire'),
      '--relation',
      'sibling',
      '--json',
    ]);
    const json = JSON.parse(out) as { relation: string; differences: { kind: string }[] };
    expect(json.relation).toBe('sibling');
    expect(json.differences.some((d) => d.kind === 'different-excerpts')).toBe(true);
    await expect(run(['a.html', 'b.html', '--relation', 'cousin'])).rejects.toBeInstanceOf(CliError);
    await expect(run(['only-one.html'])).rejects.toBeInstanceOf(CliError);
  });
});
