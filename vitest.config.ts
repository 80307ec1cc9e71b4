import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config runs every package's tests: `pnpm test` at the root.
export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, not their last build.
    alias: {
      '@soundcheck/schema': fileURLToPath(
        new URL('./packages/schema/src/index.ts', import.meta.url),
      ),
      '@soundcheck/mock-server': fileURLToPath(
        new URL('./packages/mock-server/src/index.ts', import.meta.url),
      ),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['packages/*/test/**/*.test-d.ts'],
      // There is no root tsconfig.json: without one tsc prints its help text and the run fails.
      // Type tests live in packages/schema (its tsconfig covers src and test).
      tsconfig: './packages/schema/tsconfig.json',
    },
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
