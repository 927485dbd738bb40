import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BINS, COMPANION, ENTRIES, exportsMap, specifier } from '../../scripts/package/entries';
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

  it('ships no test kit dependency at all (not even a peer), and frameworks only as optional peers', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as {
      private?: boolean;
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(pkg.private).toBeUndefined();
    for (const name of ['next', 'react', 'express', 'next-auth', 'fastify', '@fastify/helmet', 'hono']) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.peerDependencies[name], name).toBeDefined();
      expect(pkg.peerDependenciesMeta[name]?.optional, name).toBe(true);
    }
    for (const name of ['oidc-provider', '@peculiar/x509', 'reflect-metadata', 'koa', COMPANION.name]) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.peerDependencies[name], name).toBeUndefined();
      expect(pkg.peerDependenciesMeta[name], name).toBeUndefined();
    }
  });

  it('the companion netid-rp-testing: same version, the simulators\' packages as real dependencies, netid-rp as a peer of that release line', () => {
    const root = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const tested = { ...root.dependencies, ...root.devDependencies };
    const pkg = JSON.parse(fs.readFileSync(`${COMPANION.root}/package.json`, 'utf8')) as {
      name: string;
      version: string;
      type: string;
      private?: boolean;
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(pkg).toMatchObject({ name: COMPANION.name, version: root.version, type: 'module', bin: { 'netid-rp-testing': './dist/cli.js' } });
    expect(pkg.private).toBeUndefined();
    expect(pkg.peerDependencies).toEqual({ 'netid-rp': `^${root.version}` });
    // What it imports at run time, at the versions this repository tests with.
    for (const name of ['oidc-provider', '@peculiar/x509', 'reflect-metadata', 'jose']) expect(pkg.dependencies[name], name).toBe(tested[name]);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@peculiar/x509', 'jose', 'oidc-provider', 'reflect-metadata']);
    for (const entry of COMPANION.entries) expect(fs.existsSync(entry.source), entry.source).toBe(true);
    for (const bin of Object.values(COMPANION.bins)) expect(fs.existsSync(bin.source), bin.source).toBe(true);
  });
});
