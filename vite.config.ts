import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { messagesOptions } from './scripts/messages.js';

const FRAMEWORK =
  /node_modules\/(svelte|@sveltejs\/kit|dexie|uuid|workbox-window)\/|src\/lib\/(paraglide\/runtime|i18n\/format|ui-model\/local-today)\./;

export default defineConfig({
  plugins: [paraglideVitePlugin(messagesOptions), sveltekit()],
  build: {
    rollupOptions: {
      output: {
        // Svelte, SvelteKit's client and the libraries every screen loads at start in one
        // chunk: one file gzips smaller than a dozen small ones with their import lists
        // (-4.6 KiB on the first load of /), and it changes only when a dependency does.
        // The words' runtime and number formats too: every screen needs them, and the
        // district page (which needs little else of the app) would split them off into a
        // chunk of their own (+0.4 KiB on the first load of /).
        manualChunks: (id) => (FRAMEWORK.test(id) ? 'framework' : undefined),
      },
    },
  },
  resolve: {
    // Dexie's default import is its ES5 build behind a CommonJS wrapper; its ES2018 module
    // build is the same code, 2 KiB smaller gzipped in the app shell.
    alias: [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['src/lib/client/test-support/validation-setup.ts'],
          // A hang guard, not a speed check: 1,000-run property tests take seconds on a
          // busy 2-core machine, past Vitest's default of 5 s.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          // One throwaway PostgreSQL cluster for the run (no mock of the database).
          globalSetup: ['server/test-support/postgres-global.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The app's tests again, over PostgreSQL (the harness reads LARDER_TEST_STORE);
          // SQLite's own tests and the process tests, which run both stores, are not here.
          name: 'server-postgres',
          include: [
            'server/app-{clock,concurrency,devices,district,events,http,kitchens,signatures,stream,transfers}.test.ts',
            'server/limits.test.ts',
          ],
          environment: 'node',
          env: { LARDER_TEST_STORE: 'postgres' },
          globalSetup: ['server/test-support/postgres-global.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/lib/domain/**/*.ts', 'server/**/*.ts'],
      exclude: ['**/*.test.ts', '**/test-support/**', 'server/main.ts', 'server/bin/**'],
      reporter: ['text-summary', 'text'],
      thresholds: {
        'src/lib/domain/**/*.ts': { lines: 90 },
      },
    },
  },
});
