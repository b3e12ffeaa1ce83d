import { defineConfig } from 'vitest/config';

// Two projects so `npm test` can report fast unit failures before the slower database suites.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['server/**/*.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: more workers only thrash PGlite's WASM start-up and PostgreSQL.
          maxWorkers: 2,
        },
      },
    ],
  },
});
