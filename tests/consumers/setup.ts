/**
 * Global setup of the consumer tests: one project outside the repository (a temp folder) that
 * installs the packed tarball (`NETID_RP_TARBALL`, or packed here when run alone) with npm, offline
 * first (the cache is warm from `npm ci`), plus the frameworks at the repo's own versions. The
 * fixtures of tests/consumers/fixtures are copied into it: the Next.js app at its root, the Express,
 * Fastify and Hono apps and the TypeScript consumers in folders of their own (they resolve the same node_modules).
 * Set `KEEP_CONSUMERS=1` to keep the folder for a look.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ENTRIES, specifier } from '../../scripts/package/entries';
import { packTarball, ROOT } from '../../scripts/package/pack';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The consumer project (its root is the Next.js fixture app). */
    consumerRoot: string;
    /** The packed tarball it installed. */
    tarball: string;
  }
}

const FIXTURES = path.join(ROOT, 'tests', 'consumers', 'fixtures');

/** What the fixtures need besides the package: the repo's own versions, so npm finds them in its cache. */
const FROM_REPO = ['next', 'react', 'react-dom', 'express', 'next-auth', 'oidc-provider', '@peculiar/x509', 'reflect-metadata', 'ioredis', 'fastify', '@fastify/helmet', 'hono', '@hono/node-server', 'better-auth', '@auth/core'];
const DEV_FROM_REPO = ['typescript', '@types/node', '@types/react', '@types/react-dom', '@types/express'];

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)}s`;
}

export default async function setup(project: TestProject): Promise<() => void> {
  let started = performance.now();
  const tarball = process.env.NETID_RP_TARBALL || packTarball();
  if (!process.env.NETID_RP_TARBALL) console.info(`[consumers] packed ${path.basename(tarball)} in ${seconds(started)}`);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netid-rp-consumers-'));
  // create-next-app-16 is a project of its own (tests/consumers/first-hour.test.ts installs it apart).
  fs.cpSync(FIXTURES, root, { recursive: true, filter: (source) => path.basename(source) !== 'create-next-app-16' });
  const repo = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, repo.devDependencies[n]!]));
  const pkg = {
    name: 'netid-rp-consumer',
    private: true,
    type: 'module',
    dependencies: { 'netid-rp': `file:${tarball}`, ...pick(FROM_REPO) },
    devDependencies: pick(DEV_FROM_REPO),
    // next-auth v4 names @auth/core 0.34 as an optional peer it never loads; the Auth.js v5 app needs 0.41.
    overrides: { 'next-auth': { '@auth/core': repo.devDependencies['@auth/core'] } },
  };
  fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // Every subpath of the entry table, so a new one is type-checked by the TypeScript consumers without a test change.
  const all = ENTRIES.map((e, i) => `import * as entry${i} from '${specifier(e)}';`).join('\n');
  const used = `export const entries = [${ENTRIES.map((_, i) => `entry${i}`).join(', ')}];`;
  for (const project of ['types-bundler', 'types-nodenext']) fs.writeFileSync(path.join(root, project, 'all-entries.ts'), `${all}\n${used}\n`);

  started = performance.now();
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 480_000,
    env: { ...process.env, NODE_ENV: 'development' },
  });
  console.info(`[consumers] npm install in ${root}: ${seconds(started)}`);

  project.provide('consumerRoot', root);
  project.provide('tarball', tarball);
  return () => {
    if (process.env.KEEP_CONSUMERS) console.info(`[consumers] kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  };
}
