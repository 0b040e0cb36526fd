// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The extension APIs the engine must never touch, so it runs unchanged in Node. */
const PLATFORM_MODULES = [
  'wxt/browser',
  'webextension-polyfill',
  '@wxt-dev/browser',
  '@webext-core/messaging',
];

const EXTENSION_GLOBALS = ['chrome', 'browser'].map((name) => ({
  name,
  message: 'Extension APIs live in src/platform/ only.',
}));

/** Shipped code runs in the browser, where Node's globals do not exist (only src/cli/ runs in Node). */
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname'].map((name) => ({
  name,
  message: 'Not defined in the browser; only src/cli/ runs in Node.',
}));

/**
 * Who may import whom. Every folder of src/ belongs to one layer; a layer may import only the
 * layers it lists (and itself). Engine ← store ← service ← platform; the protocol sees only the
 * model; the UI sees only the protocol and the model; entrypoints wire platform and UI.
 */
const ENGINE = ['extract', 'claims', 'compare', 'match', 'text', 'model', 'archive', 'watch'];
const ALL_FOLDERS = [...ENGINE, 'store', 'service', 'protocol', 'platform', 'ui', 'cli'];
const LAYERS = [
  { name: 'engine', folders: ENGINE, may: ENGINE, browserApis: false },
  { name: 'protocol', folders: ['protocol'], may: ['protocol', 'model'], browserApis: false },
  { name: 'store', folders: ['store'], may: ['store', ...ENGINE], browserApis: false },
  {
    name: 'service',
    folders: ['service'],
    may: ['service', 'store', 'protocol', ...ENGINE],
    browserApis: false,
  },
  {
    name: 'platform',
    folders: ['platform'],
    may: ['platform', 'service', 'store', 'protocol', ...ENGINE],
    browserApis: true,
  },
  { name: 'ui', folders: ['ui'], may: ['ui', 'protocol', 'model'], browserApis: false },
  { name: 'cli', folders: ['cli'], may: ['cli', ...ENGINE], browserApis: false },
  // Entrypoints only wire: the platform's implementations into the UI's interfaces. WXT's own
  // define* helpers are the one thing they take from WXT; browser APIs are the platform's.
  { name: 'entrypoints', folders: null, may: ['platform', 'ui'], browserApis: false },
];

/** A relative or `@/` import that lands in src/<folder>. */
function importOf(folder) {
  return `^(?:@/src/|(?:\\.\\.?/)+(?:src/)?)${folder}(?:/|$)`;
}

function layerFence(layer) {
  const forbidden = ALL_FOLDERS.filter((folder) => !layer.may.includes(folder));
  const allowed = layer.may.map((folder) => `src/${folder}`).join(', ');
  return {
    files: layer.folders
      ? layer.folders.map((folder) => `src/${folder}/**/*.{ts,tsx}`)
      : ['entrypoints/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: layer.browserApis
            ? []
            : PLATFORM_MODULES.map((name) => ({
                name,
                message: `Layer fence (${layer.name}): extension APIs live in src/platform/ only.`,
              })),
          patterns: forbidden.map((folder) => ({
            regex: importOf(folder),
            message: `Layer fence (${layer.name}): may import only ${allowed}, not src/${folder} (docs/architecture.md, "Layers").`,
          })),
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'bench/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'document', property: 'write', message: 'Never write page content as markup.' },
      ],
    },
  },
  {
    // Browser-API fence: everything in src/ except the platform layer is extension-API free.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/platform/**'],
    rules: { 'no-restricted-globals': ['error', ...EXTENSION_GLOBALS, ...NODE_GLOBALS] },
  },
  {
    // The CLI runs in Node; tests may read files. Neither may reach for extension APIs.
    files: ['src/cli/**/*.ts', 'src/**/*.test.{ts,tsx}'],
    rules: { 'no-restricted-globals': ['error', ...EXTENSION_GLOBALS] },
  },
  {
    // Shipped code outside the engine runs in the browser too, where Node's globals do not exist.
    files: ['src/platform/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    rules: { 'no-restricted-globals': ['error', ...NODE_GLOBALS] },
  },
  // The layer fences (docs/architecture.md, "Layers"): one block per layer, each naming what it
  // may import; tests/unit/lint-fence.test.ts proves every fence refuses a wrong-way import.
  ...LAYERS.map(layerFence),
  {
    // innerHTML and friends would let page content become markup.
    files: ['src/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[property.name=/^(innerHTML|outerHTML)$/][parent.type='AssignmentExpression']",
          message: 'Untrusted text is rendered as text nodes, never as markup.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'No markup insertion.',
        },
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No markup insertion.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
