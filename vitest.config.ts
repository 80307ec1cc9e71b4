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
      // A project of the type tests of every package (there is no root tsconfig.json: tsc would
      // print its help text). A package's own tsconfig would leave the other packages' type tests
      // out of the program, and vitest would then pass them unchecked.
      tsconfig: './tsconfig.typecheck.json',
    },
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
