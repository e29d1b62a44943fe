import { defineConfig } from 'vitest/config';

// Core, shared and host tests run in Node against real better-sqlite3 files in temp folders.
// Renderer tests (src/renderer/src/**/*.test.ts) run in Node too; the few that need a DOM (the
// reader's offset mapping, src/renderer/src/reader/offsets.test.ts) opt in with a first line
// `// @vitest-environment happy-dom` (happy-dom is a pinned dev dependency), so every other test
// keeps Node's globals and speed.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
