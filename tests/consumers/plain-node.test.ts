/**
 * Every entry point of the packed tarballs (`netid-rp` and its companion `netid-rp-testing`)
 * imports in plain Node ESM (no bundler: a partner's script, test runner or
 * `serverExternalPackages`), with every peer installed; no entry but `netid-rp/redis` reaches
 * `ioredis`, statically or by a dynamic import a bundler would follow; and the companion reaches
 * netid-rp only through its entry points (by name: the partner's one copy, never a bundled one).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { COMPANION, companionSpecifier, distName, ENTRIES, specifier } from '../../scripts/package/entries';

const root = inject('consumerRoot');

/** Every module specifier `file` imports (static, re-export or literal dynamic import), following its relative imports (the shared chunks). */
function reachable(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  const specs = [
    ...[...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?['"]([^'"]+)['"]/g)].map((m) => m[1]!),
    ...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
  ];
  return specs.flatMap((spec) => (spec.startsWith('.') ? reachable(path.resolve(path.dirname(file), spec), seen) : [spec]));
}

describe('plain Node ESM consumer of the packed tarball', () => {
  it('imports every entry point with node (no ERR_MODULE_NOT_FOUND)', async () => {
    const specifiers = [...ENTRIES.map(specifier), ...COMPANION.entries.map(companionSpecifier)];
    // One node process; each import on its own so every failure is listed, with its code.
    const script = `
      const failures = [];
      for (const spec of ${JSON.stringify(specifiers)}) {
        try { await import(spec); } catch (err) { failures.push(spec + ': ' + (err.code ?? err.name) + ' ' + err.message.split('\\n')[0]); }
      }
      console.log(JSON.stringify(failures));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      timeout: 120_000,
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([]);
  }, 150_000);

  it('the companion imports netid-rp by its entry points only', () => {
    const dist = path.join(root, 'node_modules', COMPANION.name, 'dist');
    const entries = new Set(ENTRIES.map(specifier));
    for (const entry of COMPANION.entries) {
      const imports = reachable(path.join(dist, `${distName(entry)}.js`));
      const netidRp = imports.filter((s) => s === 'netid-rp' || s.startsWith('netid-rp/'));
      expect(netidRp.length, companionSpecifier(entry)).toBeGreaterThan(0);
      expect(netidRp.filter((s) => !entries.has(s)), companionSpecifier(entry)).toEqual([]);
    }
  });

  it('reaches ioredis only from netid-rp/redis', () => {
    const dist = path.join(root, 'node_modules', 'netid-rp', 'dist');
    for (const entry of ENTRIES) {
      const imports = reachable(path.join(dist, `${distName(entry)}.js`));
      expect(imports.includes('ioredis'), specifier(entry)).toBe(entry.subpath === './redis');
    }
  });
});
