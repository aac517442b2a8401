import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          environment: 'node',
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
