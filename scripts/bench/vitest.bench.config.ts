import { defineConfig } from 'vitest/config';

// The store benchmark's TypeScript part (scripts/bench/*.bench-run.ts): it imports src/core as it
// is, so it runs under Vitest like the unit tests, but only when scripts/bench/store.mjs asks.
export default defineConfig({
  test: {
    include: ['scripts/bench/**/*.bench-run.ts'],
    environment: 'node',
    testTimeout: 1_800_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
