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
    // The fence: everything in src/ except the platform layer is browser-API free.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: PLATFORM_MODULES.map((name) => ({
            name,
            message: 'Extension APIs live in src/platform/ only; the engine must run in Node.',
          })),
        },
      ],
      'no-restricted-globals': ['error', ...EXTENSION_GLOBALS, ...NODE_GLOBALS],
    },
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
  {
    // The engine and the store never reach for the platform layer, even indirectly.
    files: ['src/{extract,claims,compare,match,model,text,store,cli}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: PLATFORM_MODULES.map((name) => ({ name, message: 'The engine must run in Node.' })),
          patterns: [{ group: ['**/platform/**', '**/ui/**'], message: 'The engine must run in Node.' }],
        },
      ],
    },
  },
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
