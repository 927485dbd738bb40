/**
 * A plain TypeScript consumer: every subpath of the installed package type-checks under
 * `moduleResolution` `bundler` and `nodenext` (strict, skipLibCheck off, so the shipped .d.ts are
 * checked too), and the tarball ships only what it should.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { distName, ENTRIES } from '../../scripts/package/entries';

const run = promisify(execFile);
const root = inject('consumerRoot');
const tarball = inject('tarball');
const testingTarball = inject('testingTarball');

/** The bare specifiers `file` imports (statically, or dynamically by a literal), following its relative imports (the shared chunks). */
function staticImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const [, spec] of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?['"]([^'"]+)['"]/g)) {
    if (spec!.startsWith('.')) out.push(...staticImports(path.resolve(path.dirname(file), spec!), seen));
    else out.push(spec!);
  }
  for (const [, spec] of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) if (!spec!.startsWith('.')) out.push(spec!);
  return out;
}

describe('TypeScript consumer of the packed tarball', () => {
  it.each(['types-bundler', 'types-nodenext'])('%s: every subpath type-checks', async (project) => {
    const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
    const result = await run(tsc, ['-p', project, '--listFilesOnly'], { cwd: root, timeout: 180_000 });
    expect(result.stdout).toContain(`${project}/imports.ts`);
    const check = await run(tsc, ['-p', project], { cwd: root, timeout: 180_000 }).then(
      () => ({ stdout: '' }),
      (e: { stdout: string }) => e,
    );
    // skipLibCheck is off so the package's own .d.ts are checked; the frameworks' declarations have
    // problems of their own under a bare project (next-auth's optional nodemailer, …): only ours count.
    const ours = check.stdout.split('\n').filter((line) => line.startsWith(`${project}/`) || /node_modules\/netid-rp(-testing)?\//.test(line));
    expect(ours).toEqual([]);
  }, 200_000);

  it('ships compiled ESM, .d.ts, README, LICENSE and docs only; the client module keeps its directive', async () => {
    const { stdout } = await run('tar', ['tzf', tarball], { timeout: 30_000 });
    const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js']));
    expect(files.filter((f) => !/^(dist\/.*\.(js|d\.ts|css)|docs\/[^/]+\.md|package\.json|README\.md|LICENSE)$/.test(f))).toEqual([]);
    expect(files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
    const installed = path.join(root, 'node_modules', 'netid-rp', 'dist');
    expect(fs.readFileSync(path.join(installed, 'next', 'client.js'), 'utf8')).toMatch(/^['"]use client['"];/);
    expect(fs.readFileSync(path.join(installed, 'cli.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    // Nothing any entry or the bin loads (their chunks included) reaches the simulators' packages or the companion.
    for (const entry of [...ENTRIES.filter((e) => !e.client).map((e) => `${distName(e)}.js`), 'cli.js']) {
      expect(staticImports(path.join(installed, entry)).filter((s) => /^(oidc-provider|@peculiar\/x509|reflect-metadata|koa|netid-rp-testing)(\/|$)/.test(s)), entry).toEqual([]);
    }
  });

  it('the companion ships compiled ESM, .d.ts, its README and LICENSE, and its bin', async () => {
    const { stdout } = await run('tar', ['tzf', testingTarball], { timeout: 30_000 });
    const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js']));
    expect(files.filter((f) => !/^(dist\/.*\.(js|d\.ts)|package\.json|README\.md|LICENSE)$/.test(f))).toEqual([]);
    const installed = path.join(root, 'node_modules', 'netid-rp-testing', 'dist');
    expect(fs.readFileSync(path.join(installed, 'cli.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});
