import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import moduleBoundaries from './eslint/module-boundaries.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'next-env.d.ts', 'test-results/', 'playwright-report/', 'app/api/bench/', '.examples/'] },
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
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'scripts/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    plugins: { 'module-boundaries': moduleBoundaries },
    rules: { 'module-boundaries/index-only': 'error' },
  },
  {
    // What ships never depends on the simulators or their dependencies.
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}'],
    ignores: ['lib/testing/**'],
    plugins: { 'module-boundaries': moduleBoundaries },
    rules: { 'module-boundaries/no-testing-in-production': 'error' },
  },
);
