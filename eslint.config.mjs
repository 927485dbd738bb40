import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import moduleBoundaries from './eslint/module-boundaries.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'next-env.d.ts', 'test-results/', 'playwright-report/', 'app/api/bench/', '.examples/', 'dist/', '.pack/', 'docs/api-reference/', 'packages/*/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    // Folders of lib/ meet through their index.ts; tests may reach inside to test internals.
    files: ['lib/**/*.{ts,tsx}', 'scripts/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    plugins: { 'module-boundaries': moduleBoundaries },
    rules: { 'module-boundaries/index-only': 'error', 'module-boundaries/public-index-not-internal': 'error' },
  },
  {
    // The reference app is the package's first consumer: entry points only (`netid-rp`, `netid-rp/next`, …).
    files: ['app/**/*.{ts,tsx}', 'proxy.ts'],
    plugins: { 'module-boundaries': moduleBoundaries },
    rules: { 'module-boundaries/package-entry-only': 'error' },
  },
  {
    // What ships never depends on the simulators, their dependencies or the companion netid-rp-testing
    // (`netid-rp token --dev` loads it by a computed specifier, only when asked: lib/cli/token.ts).
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'proxy.ts'],
    plugins: { 'module-boundaries': moduleBoundaries },
    rules: { 'module-boundaries/no-testing-in-production': 'error' },
  },
  {
    // The companion uses netid-rp as a partner does: its entry points only, never lib/ or an internal index.
    files: ['packages/netid-rp-testing/src/**/*.ts'],
    plugins: { 'module-boundaries': moduleBoundaries },
    rules: { 'module-boundaries/companion-public-entries': 'error' },
  },
  {
    // Nothing but lib/redis imports Redis: a bundler follows even a lazy import, and every app would
    // need ioredis. `withRedis` of netid-rp/redis injects the stores and the probe's PING (RedisWiring,
    // lib/auth/types.ts) into the core, the health checks and the multi-site wiring alike.
    files: ['lib/**/*.{ts,tsx}'],
    ignores: ['lib/redis/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/redis', '**/redis/**', 'ioredis'], message: 'only lib/redis imports Redis: take it injected (RedisWiring).' }] }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/(^|\\/)(io)?redis(\\/|$)/]', message: 'only lib/redis imports Redis, not even lazily: take it injected (RedisWiring).' }],
    },
  },
);
