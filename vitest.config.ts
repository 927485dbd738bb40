import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { sourcePaths } from './scripts/package/entries';

/** The package entries (`netid-rp`, `netid-rp/next`, …, `netid-rp-testing`) mapped to their sources, as tsconfig `paths` map them for tsc, tsx and Next. */
const entryAliases = Object.entries(sourcePaths()).map(([spec, [source]]) => ({
  find: new RegExp(`^${spec.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`),
  replacement: fileURLToPath(new URL(source!, import.meta.url)),
}));

export default defineConfig({
  resolve: { alias: [{ find: /^@\//, replacement: fileURLToPath(new URL('./', import.meta.url)) }, ...entryAliases] },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
