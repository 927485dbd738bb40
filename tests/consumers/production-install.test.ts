/**
 * `npm install netid-rp` alone: the packed `netid-rp` tarball in an empty project, nothing else.
 * The production package names no simulator package (not as a dependency, not even as an optional
 * peer) and none ends up in the tree, nor the companion `netid-rp-testing`; `netid-rp/testing`
 * (`mintSessionCookie`) imports and works in plain Node; the old `netid-rp dev-stack` says in one
 * line where it went and exits non-zero; `netid-rp token --dev` names the companion to install.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const tarball = inject('tarball');
/** The simulators' packages and the companion that holds them: none belongs to a production install. */
const TEST_ONLY = ['oidc-provider', '@peculiar/x509', 'reflect-metadata', 'koa', '@types/koa', 'netid-rp-testing'];

let app: string;
const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' });

/** Runs `node_modules/.bin/<bin> …args` in the app; its exit code and output (never throws on a non-zero exit). */
async function bin(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(path.join(app, 'node_modules', '.bin', name), args, { cwd: app, env: env(), timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code?: number; stdout: string; stderr: string }) => ({ code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout, stderr: e.stderr }),
  );
}

beforeAll(async () => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'netid-rp-production-install-'));
  fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'shop', private: true, type: 'module' }, null, 2)}\n`);
  await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, env: env(), timeout: 300_000 });
}, 360_000);

afterAll(() => {
  if (app && !process.env.KEEP_CONSUMERS) fs.rmSync(app, { recursive: true, force: true });
});

describe('npm install netid-rp, alone', () => {
  it('names no simulator package in its manifest, and installs none', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'netid-rp', 'package.json'), 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta']) {
      expect(Object.keys(pkg[field] ?? {}).filter((name) => TEST_ONLY.includes(name)), field).toEqual([]);
    }
    const lock = fs.readFileSync(path.join(app, 'package-lock.json'), 'utf8');
    for (const name of TEST_ONLY) {
      expect(fs.existsSync(path.join(app, 'node_modules', name)), `node_modules/${name}`).toBe(false);
      expect(lock, `package-lock.json: ${name}`).not.toContain(`"node_modules/${name}"`);
    }
  });

  it('imports netid-rp/testing in plain Node and mints a session the package reads back', async () => {
    const script = `
      import { createNetIdAuth } from 'netid-rp';
      import { mintSessionCookie } from 'netid-rp/testing';
      const auth = createNetIdAuth({ issuer: 'http://127.0.0.1:4000/', clientId: 'c', clientSecret: 's', appUrl: 'http://127.0.0.1:3000', session: { password: 'a-test-only-password-of-32-characters' } });
      const { header } = await mintSessionCookie(auth, { user: { sub: 'u-1', email: 'max@example.com' } });
      const res = await auth.session(new Request('http://127.0.0.1:3000/api/auth/session', { headers: { cookie: header } }));
      console.log(JSON.stringify({ status: res.status, body: await res.json() }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env: env(), timeout: 60_000 });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ status: 200, body: { user: { sub: 'u-1', email: 'max@example.com' } } });
  }, 90_000);

  it('netid-rp dev-stack points at the companion in one line and exits non-zero', async () => {
    const result = await bin('netid-rp', ['dev-stack', '--app-url', 'http://localhost:3000']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('npx netid-rp-testing dev-stack')]);
  });

  it('netid-rp token --dev names the companion to install (usage error, exit 2)', async () => {
    const result = await bin('netid-rp', ['token', '--dev', '--profile', 'duende']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: 'usage', message: expect.stringContaining('npm install --save-dev netid-rp-testing') });
  });
});
