import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * The consumer tests (`npm run test:package`): apps outside the repo that install the packed
 * tarball. One install for all of them (tests/consumers/setup.ts); the files then run in parallel.
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['tests/consumers/**/*.test.ts'],
    globalSetup: ['tests/consumers/setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
