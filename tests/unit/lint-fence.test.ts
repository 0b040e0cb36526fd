/**
 * The layer fences in eslint.config.js must bite: a wrong-way import anywhere fails
 * `npm run lint` with a message naming the fence. Linted as text at a path inside each layer,
 * through ESLint's own API and the project's real config.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(async () => {
  // The fence is about imports, not types: linting text at a path no tsconfig lists needs the
  // type-aware rules off.
  eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });
  // Loading the config and its plugins is the slow part; do it once, outside the timed tests.
  await eslint.lintText('export {};\n', { filePath: 'src/model/fence-probe.ts' });
}, 60_000);

async function fenceMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

const WRONG_WAY: [layer: string, filePath: string, importPath: string][] = [
  ['engine', 'src/compare/fence-probe.ts', '../store/schema'],
  ['engine', 'src/extract/fence-probe.ts', '../protocol/types'],
  ['engine', 'src/match/fence-probe.ts', '../service/index'],
  ['engine', 'src/model/fence-probe.ts', '../ui/shared/format'],
  ['protocol', 'src/protocol/fence-probe.ts', '../service/index'],
  ['protocol', 'src/protocol/fence-probe.ts', '../store/schema'],
  ['store', 'src/store/fence-probe.ts', '../protocol/types'],
  ['store', 'src/store/fence-probe.ts', '../service/index'],
  ['service', 'src/service/fence-probe.ts', '../platform/messaging'],
  ['service', 'src/service/fence-probe.ts', '../ui/shared/format'],
  ['platform', 'src/platform/fence-probe.ts', '../ui/shared/i18n'],
  ['ui', 'src/ui/popup/fence-probe.ts', '../../service/index'],
  ['ui', 'src/ui/options/fence-probe.ts', '../../platform/messaging'],
  ['ui', 'src/ui/shared/fence-probe.ts', '../../store/schema'],
  ['ui', 'src/ui/shared/fence-probe.ts', 'wxt/browser'],
  ['cli', 'src/cli/fence-probe.ts', '../store/schema'],
  ['entrypoints', 'entrypoints/popup/fence-probe.ts', '@/src/service/index'],
  ['entrypoints', 'entrypoints/popup/fence-probe.ts', 'wxt/browser'],
];

describe('layer fences', () => {
  it.each(WRONG_WAY)('%s: %s may not import %s', async (layer, filePath, importPath) => {
    const messages = await fenceMessages(
      filePath,
      `import { x } from '${importPath}';\nexport const y = x;\n`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`Layer fence (${layer})`);
  });

  it.each([
    ['src/ui/popup/fence-probe.ts', '../../protocol/types'],
    ['src/ui/popup/fence-probe.ts', '../shared/format'],
    ['src/service/fence-probe.ts', '../store/schema'],
    ['src/store/fence-probe.ts', '../model/types'],
    ['src/protocol/fence-probe.ts', '../model/types'],
    ['src/platform/fence-probe.ts', 'wxt/browser'],
    ['entrypoints/popup/fence-probe.ts', '@/src/ui/popup/Popup'],
    ['entrypoints/popup/fence-probe.ts', '@/src/platform/messaging'],
  ])('%s may import %s', async (filePath, importPath) => {
    expect(
      await fenceMessages(filePath, `import { x } from '${importPath}';\nexport const y = x;\n`),
    ).toEqual([]);
  });
});
