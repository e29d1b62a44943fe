import { defineConfig } from 'vitest/config';

// Core, shared and host tests run in Node against real better-sqlite3 files in temp folders.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
