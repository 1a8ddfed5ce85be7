// Layer rules: the engine (src/core) and the protocol (src/shared) never touch the VS Code API, so they run in
// plain Node (tests, CLI); webviews import nothing from the extension but src/shared.
import tseslint from 'typescript-eslint';

const noVscode = {
  paths: [{ name: 'vscode', message: 'src/core and src/shared must run in plain Node: use a port in src/host instead.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'media/**', 'test-results/**'] },
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
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { ...noVscode, patterns: [{ group: ['node:*', '../core/*', '../host/*', '../**/core/**'], message: 'src/shared holds only protocol types: no Node, core or host imports.' }] }],
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
