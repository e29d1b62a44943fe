// Lint rules that enforce the architecture's import arrows (see docs/ARCHITECTURE.md):
// a wrong import fails `npm test`, not a review.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench-results/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(['node:*', 'electron', 'react', 'react-*', 'better-sqlite3', '../*', '!./*'], 'shared/ is pure TypeScript: it imports only from shared/.'),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(['electron', 'react', 'react-*', '**/renderer/**', '**/host/**', '**/main/**', '**/preload/**'], 'core/ is plain Node: never Electron, React, or a shell.'),
  },
  {
    files: ['src/host/**/*.ts'],
    rules: restrict(['electron', 'react', 'react-*', '**/renderer/**', '**/main/**', '**/preload/**'], 'host/ serves core/ over HTTP: never Electron or renderer code.'),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: restrict(['**/renderer/**', '**/host/**', 'react', 'react-*'], 'main/ is the Electron shell: never renderer or host code.'),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict(['node:*', 'better-sqlite3', '**/core/**', '**/host/**', '**/main/**', '**/renderer/**'], 'preload/ exposes the method list over IPC: only shared/ and electron.'),
  },
  {
    // No promise left floating in the renderer: each is awaited, returned, or handed to an error
    // path (the command registry, `fail`); `void` marks one that handles its own failure.
    files: ['src/renderer/**/*.{ts,tsx}'],
    ignores: ['src/renderer/**/*.test.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.web.json', tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(['node:*', 'electron', 'better-sqlite3', '**/core/**', '**/host/**', '**/main/**', '**/preload/**'], 'The renderer talks to the backend only through src/renderer/src/api.'),
    },
  },
);
