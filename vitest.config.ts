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
          exclude: ['server/**/*.process.int.test.ts', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: more workers only thrash PGlite's WASM start-up and PostgreSQL.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'process',
          // Whole `clubos` processes, timed against start-up budgets: run alone so other suites'
          // load on two cores does not decide the outcome.
          include: ['server/**/*.process.int.test.ts', 'scripts/**/*.process.int.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
