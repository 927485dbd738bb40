import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BINS, ENTRIES, exportsMap, specifier } from '../../scripts/package/entries';
import { packageFiles } from '../../scripts/package/sync';

describe('package entry points (scripts/package/entries.ts)', () => {
  it('package.json exports/bin and tsconfig paths agree with the table (else: npm run sync:package)', () => {
    for (const { file, current, wanted } of packageFiles()) expect(current, file).toBe(wanted);
  });

  it('every entry and bin has its source, and the core is the package name itself', () => {
    for (const entry of ENTRIES) expect(fs.existsSync(entry.source), entry.source).toBe(true);
    for (const bin of Object.values(BINS)) expect(fs.existsSync(bin.source), bin.source).toBe(true);
    expect(specifier(ENTRIES[0]!)).toBe('netid-rp');
  });

  it('each subpath has types first, then the ESM file', () => {
    for (const [subpath, target] of Object.entries(exportsMap())) {
      if (subpath === './package.json' || typeof target === 'string') continue; // plain files (package.json, stylesheets)
      expect(Object.keys(target as object)).toEqual(['types', 'default']);
    }
  });

  it('ships no test kit dependency as a hard dependency, and frameworks only as optional peers', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
      private?: boolean;
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(pkg.private).toBeUndefined();
    for (const name of ['next', 'react', 'express', 'next-auth', 'oidc-provider', '@peculiar/x509', 'fastify', '@fastify/helmet', 'hono']) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.peerDependencies[name], name).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
    }
  });
});
