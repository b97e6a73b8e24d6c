import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // src/babel.cts is CommonJS written in TypeScript, which Vite does not run: tests load its build.
    alias: [{ find: /^(\.\.?\/)+babel\.cjs$/, replacement: fileURLToPath(new URL('./dist/babel.cjs', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
