/**
 * Global setup of the consumer tests: one project outside the repository (a temp folder) that
 * installs the packed tarballs of `netid-rp` and its companion `netid-rp-testing`
 * (`NETID_RP_TARBALL` and `NETID_RP_TESTING_TARBALL`, or packed here when run alone) with npm, offline
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
import { COMPANION, companionSpecifier, ENTRIES, specifier } from '../../scripts/package/entries';
import { packTarballs, ROOT } from '../../scripts/package/pack';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The consumer project (its root is the Next.js fixture app). */
    consumerRoot: string;
    /** The packed `netid-rp` tarball it installed. */
    tarball: string;
    /** The packed `netid-rp-testing` tarball it installed. */
    testingTarball: string;
  }
}

const FIXTURES = path.join(ROOT, 'tests', 'consumers', 'fixtures');

/** What the fixtures need besides the packages: the repo's own versions, so npm finds them in its cache (the simulators' packages come with netid-rp-testing). */
const FROM_REPO = ['next', 'react', 'react-dom', 'express', 'next-auth', 'ioredis', 'fastify', '@fastify/helmet', 'hono', '@hono/node-server', 'better-auth', '@auth/core'];
const DEV_FROM_REPO = ['typescript', '@types/node', '@types/react', '@types/react-dom', '@types/express'];

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)}s`;
}

export default async function setup(project: TestProject): Promise<() => void> {
  let started = performance.now();
  const given = process.env.NETID_RP_TARBALL && process.env.NETID_RP_TESTING_TARBALL;
  const { netidRp: tarball, testing: testingTarball } = given
    ? { netidRp: process.env.NETID_RP_TARBALL!, testing: process.env.NETID_RP_TESTING_TARBALL! }
    : packTarballs();
  if (!given) console.info(`[consumers] packed ${path.basename(tarball)} and ${path.basename(testingTarball)} in ${seconds(started)}`);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netid-rp-consumers-'));
  // create-next-app-16 is a project of its own (tests/consumers/first-hour.test.ts installs it apart).
  fs.cpSync(FIXTURES, root, { recursive: true, filter: (source) => path.basename(source) !== 'create-next-app-16' });
  const repo = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, repo.devDependencies[n]!]));
  const pkg = {
    name: 'netid-rp-consumer',
    private: true,
    type: 'module',
    dependencies: { 'netid-rp': `file:${tarball}`, [COMPANION.name]: `file:${testingTarball}`, ...pick(FROM_REPO) },
    devDependencies: pick(DEV_FROM_REPO),
    // next-auth v4 names @auth/core 0.34 as an optional peer it never loads; the Auth.js v5 app needs 0.41.
    overrides: { 'next-auth': { '@auth/core': repo.devDependencies['@auth/core'] } },
  };
  fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // Every subpath of the entry tables (the companion's too), so a new one is type-checked by the TypeScript consumers without a test change.
  const specifiers = [...ENTRIES.map((e) => specifier(e)), ...COMPANION.entries.map((e) => companionSpecifier(e))];
  const all = specifiers.map((spec, i) => `import * as entry${i} from '${spec}';`).join('\n');
  const used = `export const entries = [${specifiers.map((_, i) => `entry${i}`).join(', ')}];`;
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
  project.provide('testingTarball', testingTarball);
  return () => {
    if (process.env.KEEP_CONSUMERS) console.info(`[consumers] kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  };
}
