/**
 * The `netid-rp` command line (lib/cli): dispatch, usage errors, and the pointer that replaced its
 * `dev-stack`; and the companion's `netid-rp-testing dev-stack` printing the variables of a stack that answers.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/auth';
import { main, type CliIo } from '@/lib/cli';
import { main as companionMain, runDevStack } from '@/packages/netid-rp-testing/src/cli';

function memoryIo(env: Record<string, string | undefined> = {}): CliIo & { out: string; err: string } {
  const io = { env, out: '', err: '', stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe('netid-rp', () => {
  it('prints help, and refuses an unknown command with a JSON usage error (exit 2)', async () => {
    const help = memoryIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out).toMatch(/token[\s\S]*export[\s\S]*npx netid-rp-testing dev-stack/);
    const unknown = memoryIo();
    expect(await main(['deploy'], unknown)).toBe(2);
    expect(JSON.parse(unknown.err.split('\n')[0]!)).toMatchObject({ error: 'usage' });
  });

  it('passes the arguments on: token and export report their own usage errors', async () => {
    const token = memoryIo();
    expect(await main(['token'], token)).toBe(2);
    expect(JSON.parse(token.err)).toMatchObject({ error: 'usage', message: expect.stringContaining('--profile') });
    const exp = memoryIo({ PERMISSION_CENTER_EXPORT_USERNAME: 'u', PERMISSION_CENTER_EXPORT_PASSWORD: 'p' });
    expect(await main(['export', '--bogus'], exp)).toBe(2);
    expect(JSON.parse(exp.err)).toMatchObject({ error: 'usage' });
  });

  it('dev-stack (moved to netid-rp-testing): one line naming the new command, exit 2, no stack started', async () => {
    const io = memoryIo();
    expect(await main(['dev-stack', '--app-url', 'http://127.0.0.1:3299'], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err.trimEnd().split('\n')).toEqual([expect.stringContaining('npx netid-rp-testing dev-stack')]);
  });
});

describe('netid-rp-testing', () => {
  it('prints help naming dev-stack, and refuses an unknown command (exit 2)', async () => {
    const help = memoryIo();
    expect(await companionMain(['--help'], help)).toBe(0);
    expect(help.out).toContain('dev-stack');
    const unknown = memoryIo();
    expect(await companionMain(['token'], unknown)).toBe(2);
    expect(JSON.parse(unknown.err.split('\n')[0]!)).toMatchObject({ error: 'usage' });
  });

  it('dev-stack: refuses a bad provider, and prints KEY=value lines for a running broker and simulator until stopped', async () => {
    const bad = memoryIo();
    expect(await runDevStack(['--provider', 'keycloak'], bad)).toBe(2);

    const io = memoryIo();
    const stop = new AbortController();
    const running = runDevStack(['--app-url', 'http://127.0.0.1:3299', '--no-m2m'], io, stop.signal);
    const deadline = Date.now() + 30_000;
    while (!io.err.includes('[dev-stack] ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lines = io.out.trim().split('\n').filter((l) => !l.startsWith('#'));
    const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(env).toMatchObject({ APP_URL: 'http://127.0.0.1:3299', NETID_CLIENT_ID: expect.any(String), PERMISSION_CENTER_READ_URL: expect.any(String) });
    // Everything `next start` needs on this machine, the session password included: dev-only, so a
    // production build runs on it on loopback and a deployment (any other APP_URL) refuses it.
    expect(env.SESSION_PASSWORD).toMatch(/^dev-only-.{32,}$/);
    expect(parseConfig({ ...env, NODE_ENV: 'production' }).sessionPasswords).toEqual([env.SESSION_PASSWORD]);
    expect(() => parseConfig({ ...env, NODE_ENV: 'production', APP_URL: 'https://shop.example' })).toThrow(ConfigError);
    const discovery = await fetch(`${env.NETID_ISSUER}.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${env.NETID_ISSUER}.well-known/openid-configuration`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
