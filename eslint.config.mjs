// Layer rules: the engine (src/core) and the protocol (src/shared) never touch the VS Code API, so they run in
// plain Node (tests, CLI); webviews import nothing from the extension but src/shared. Dependency direction inside
// the extension (import-x/no-restricted-paths, resolved paths) and no import cycles (import-x/no-cycle) are rules
// too; test/unit/lint/layerRules.test.ts checks that each one still fires.
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const noVscode = {
  paths: [{ name: 'vscode', message: 'src/core and src/shared must run in plain Node: use a port in src/host instead.' }],
};

/** Who may not import whom, by resolved file path (relative imports of any depth are caught). */
const dependencyZones = [
  {
    target: './src/core',
    from: './src/shared',
    // Pure number formatting (no imports): the report's text, HTML file and webview must print figures alike.
    except: ['./reportFormat.ts'],
    message: 'The engine owns its types: a webview protocol declares its own wire types, and src/editor / src/review map them.',
  },
  {
    target: './src/core',
    from: ['./src/host', './src/editor', './src/review', './src/jobs', './src/commands', './src/cli', './src/extension.ts'],
    message: 'src/core is the engine: VS Code adapters and the CLI depend on it, never the other way round.',
  },
  {
    target: './src/core/blocks',
    from: './src/core/store',
    message: 'Blocks do not know the store: what both need lives in src/core/records (or another neutral module).',
  },
  {
    target: './src/core/store',
    from: './src/core/run',
    message: 'The store does not import the runner (the runner writes to the store): shared record types live in src/core/records.',
  },
  { target: './src/review', from: './src/jobs', message: 'The Review panel and the Jobs view do not borrow from each other: move what both need to src/host.' },
  { target: './src/jobs', from: './src/review', message: 'The Review panel and the Jobs view do not borrow from each other: move what both need to src/host.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'media/**', 'test-results/**', 'test/fixtures/lint/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
    },
  },
  {
    files: ['src/core/**', 'src/shared/**'],
    rules: { 'no-restricted-imports': ['error', noVscode] },
  },
  {
    // test/fixtures/lint holds a deliberate cycle that only the lint rules' test lints (ignored otherwise).
    files: ['src/**/*.ts', 'webview-ui/**/*.{ts,tsx}', 'test/fixtures/lint/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x reads the imported files too (for cycles): which ones, and with which parser.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: dependencyZones }],
    },
  },
  {
    // A protocol may re-export the engine's types (`import type`: erased, so webview bundles get no engine code).
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', {
        ...noVscode,
        patterns: [
          { group: ['node:*', '../host/*', '../**/host/**'], message: 'src/shared holds only protocol types: no Node, core or host imports.' },
          { group: ['../core/*', '../**/core/**'], allowTypeImports: true, message: 'src/shared holds only protocol types: no Node, core or host imports (engine types only with `import type`).' },
        ],
      }],
    },
  },
  {
    files: ['webview-ui/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Webviews talk to the host through src/shared protocols only.' }],
        patterns: [{ group: ['**/src/*', '!**/src/shared', '!**/src/shared/**', 'node:*'], message: 'Webviews may import only from src/shared.' }],
      }],
    },
  },
  {
    // Tool config files must default-export their config.
    files: ['eslint.config.mjs'],
    rules: { 'no-restricted-exports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
