import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISHARE_CLIENT, startM2MSims, type M2MSims } from '../helpers/m2m-sims';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `tsx scripts/token.ts …` (exactly what `npm run token` runs; the local binary instead of `npx`
 * saves half a second per run) with only the given M2M variables (the parent's are dropped).
 */
function token(args: string[], env: Record<string, string>): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('M2M_PROFILE_'))) as NodeJS.ProcessEnv;
  return new Promise((resolve, reject) => {
    const child = spawn(join('node_modules', '.bin', 'tsx'), ['scripts/token.ts', ...args], { env: { ...base, ...env }, cwd: process.cwd() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr: stderr.split('\n').filter((l) => l && !l.startsWith('npm warn')).join('\n') }));
  });
}

let sims: M2MSims;
let env: Record<string, string>;
beforeAll(async () => {
  sims = await startM2MSims();
  const dir = mkdtempSync(join(tmpdir(), 'm2m-cli-'));
  const party = sims.ishare.clients[ISHARE_CLIENT]!;
  writeFileSync(join(dir, 'key.pem'), party.privateKeyPem);
  writeFileSync(join(dir, 'chain.pem'), party.certChainPem);
  env = {
    M2M_PROFILE_DUENDE_ISSUER: sims.duende.issuer,
    M2M_PROFILE_DUENDE_CLIENT_ID: 'm2m',
    M2M_PROFILE_DUENDE_CLIENT_SECRET: 'secret',
    M2M_PROFILE_DUENDE_AUTH: 'client_secret_post',
    M2M_PROFILE_DUENDE_SCOPE: 'api1',
    M2M_PROFILE_SCREENING_EAGLE_TOKEN_URL: sims.se.tokenUrl,
    M2M_PROFILE_SCREENING_EAGLE_CLIENT_ID: 'integration-dev',
    M2M_PROFILE_SCREENING_EAGLE_CLIENT_SECRET: 'dev-secret',
    M2M_PROFILE_SCREENING_EAGLE_SCOPE: 'openid inspect',
    M2M_PROFILE_BAD_TOKEN_URL: sims.se.tokenUrl,
    M2M_PROFILE_BAD_CLIENT_ID: 'integration-dev',
    M2M_PROFILE_BAD_CLIENT_SECRET: 'wrong-secret-never-printed',
    M2M_PROFILE_ISHARE_TOKEN_URL: sims.ishare.tokenUrl,
    M2M_PROFILE_ISHARE_CLIENT_ID: ISHARE_CLIENT,
    M2M_PROFILE_ISHARE_AUTH: 'private_key_jwt',
    M2M_PROFILE_ISHARE_ASSERTION_PROFILE: 'ishare',
    M2M_PROFILE_ISHARE_AUDIENCE: sims.ishare.serverEori,
    M2M_PROFILE_ISHARE_PRIVATE_KEY_FILE: join(dir, 'key.pem'),
    M2M_PROFILE_ISHARE_CERT_CHAIN_FILE: join(dir, 'chain.pem'),
  };
});
afterAll(() => sims.close());

describe('npm run token -- --profile NAME', () => {
  it('prints one JSON token response per server shape, and fails with JSON on stderr', { timeout: 60_000 }, async () => {
    const [duende, se, ishare, bad, unknown] = await Promise.all([
      token(['--profile', 'duende'], env),
      token(['--profile', 'screening-eagle'], env),
      token(['--profile', 'ishare'], env),
      token(['--profile', 'bad'], env),
      token(['--profile', 'nope'], env),
    ]);
    for (const [run, scope] of [[duende, 'api1'], [se, 'openid inspect'], [ishare, 'iSHARE']] as const) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', scope });
    }
    expect(JSON.parse(se.stdout).id_token).toEqual(expect.any(String));
    expect(sims.duende.stats.token + sims.se.stats.token + sims.ishare.stats.token).toBe(4);

    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr)).toEqual({
      error: 'token_endpoint_error', message: expect.any(String), status: 401, server_error: 'Unauthorized', server_error_description: 'invalid client credentials',
    });
    expect(bad.stderr).not.toContain('wrong-secret-never-printed');

    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: 'config_invalid', issues: [{ variable: 'M2M_PROFILE_NOPE_*' }] });
    for (const run of [duende, se, ishare, bad, unknown]) expect(`${run.stdout}${run.stderr}`).not.toMatch(/PRIVATE KEY|dev-secret|client_assertion/);
  });
});
