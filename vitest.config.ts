import { defineConfig } from 'vitest/config';

// Projects run in `npm test` from fast to slow: unit, integration (both engines), whole processes,
// the real keychain, browser e2e, and the Electron e2e (which skips where there is no binary).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'server/**/*.test.ts',
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'renderer/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/*.keychain.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          // The real keytar against a real keyring: run through `npm run test:keychain`, which starts a
          // private D-Bus session with an unlocked gnome-keyring-daemon (scripts/with-keyring.sh).
          name: 'keychain',
          include: ['electron/**/*.keychain.test.ts'],
          testTimeout: 30_000,
          maxWorkers: 1,
        },
      },
      {
        test: {
          // Drives the built desktop app; skips, saying why, where there is no Electron binary or display.
          name: 'e2e-electron',
          include: ['electron/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
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
      {
        test: {
          name: 'e2e',
          // Real Chromium against a real server on a temp PGlite directory, one file at a time.
          // Needs the built web UI (`npm run build:renderer`).
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
