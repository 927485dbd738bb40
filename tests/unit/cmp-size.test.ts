/**
 * The browser bridge `netid-rp/cmp` stays small and self-contained: bundled and minified for the
 * browser with esbuild, gzipped, it must fit the budget that README.md and docs/cmp.md state.
 */
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The budget, min+gzip, in bytes: docs/cmp.md and the README say "under 3 KB". */
const BUDGET = 3 * 1024;

describe('netid-rp/cmp size', () => {
  it(`bundles for the browser without imports, under ${BUDGET} bytes min+gzip`, async () => {
    const result = await build({
      entryPoints: ['lib/cmp/index.ts'],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    // Self-contained: no CMP vendor, no Node module, nothing of the server side.
    expect(code).not.toMatch(/\bimport\s*[{*"'\w]|\brequire\(|node:/);
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.info(`netid-rp/cmp: ${code.length} bytes minified, ${gzipped} bytes min+gzip (budget ${BUDGET})`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET);
  });

  it('the docs state the same budget', () => {
    expect(fs.readFileSync('docs/cmp.md', 'utf8')).toMatch(/under 3 KB min\+gzip/);
    expect(fs.readFileSync('README.md', 'utf8')).toMatch(/netid-rp\/cmp[^\n]*under 3 KB min\+gzip/);
  });
});
