import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenSource, envPrefix, listEnvProfiles, profileFromEnv, resolveProfile } from '@/lib/m2m';
import { ConfigError } from '@/lib/errors';
import { createTestCa, type ClientCredentials } from '@/packages/netid-rp-testing/src/m2m/test-pki';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    // A wrong profile is a ConfigError (`config_invalid`), as every configuration problem of the package.
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('config_invalid');
    return err as ConfigError;
  }
  throw new Error('expected a config_invalid error');
}

let party: ClientCredentials;
let other: ClientCredentials;
let dir: string;
beforeAll(async () => {
  const ca = await createTestCa();
  [party, other] = await Promise.all([ca.issue({ eori: 'EU.EORI.NL000000001' }), ca.issue({ eori: 'EU.EORI.NL000000002' })]);
  dir = mkdtempSync(join(tmpdir(), 'm2m-profile-'));
  writeFileSync(join(dir, 'key.pem'), party.privateKeyPkcs1Pem);
  writeFileSync(join(dir, 'chain.pem'), party.certChainPem);
});

describe('profileFromEnv', () => {
  it('reads every documented variable (name upper-cased, "-" → "_")', () => {
    expect(envPrefix('screening-eagle')).toBe('M2M_PROFILE_SCREENING_EAGLE_');
    const profile = profileFromEnv('screening-eagle', {
      M2M_PROFILE_SCREENING_EAGLE_TOKEN_URL: 'https://id.screeningeagle.com/api/id/v1/auth/token',
      M2M_PROFILE_SCREENING_EAGLE_CLIENT_ID: 'integration-dev',
      M2M_PROFILE_SCREENING_EAGLE_CLIENT_SECRET: 's',
      M2M_PROFILE_SCREENING_EAGLE_AUTH: 'client_secret_basic',
      M2M_PROFILE_SCREENING_EAGLE_SCOPE: 'openid inspect',
      M2M_PROFILE_SCREENING_EAGLE_RESOURCE: 'https://a.example https://b.example',
    });
    expect(resolveProfile(profile)).toMatchObject({
      endpoint: { kind: 'token_url' }, clientId: 'integration-dev', auth: 'client_secret_basic', scope: 'openid inspect', resource: ['https://a.example', 'https://b.example'],
    });
  });

  it('reads an iSHARE profile with key and chain files (PKCS#1 key)', () => {
    const profile = profileFromEnv('ishare', {
      M2M_PROFILE_ISHARE_TOKEN_URL: 'https://ishare.example/connect/token',
      M2M_PROFILE_ISHARE_CLIENT_ID: 'EU.EORI.NL000000001',
      M2M_PROFILE_ISHARE_AUTH: 'private_key_jwt',
      M2M_PROFILE_ISHARE_PRIVATE_KEY_FILE: join(dir, 'key.pem'),
      M2M_PROFILE_ISHARE_CERT_CHAIN_FILE: join(dir, 'chain.pem'),
      M2M_PROFILE_ISHARE_AUDIENCE: 'EU.EORI.NL000000000',
      M2M_PROFILE_ISHARE_ASSERTION_PROFILE: 'ishare',
    });
    const resolved = resolveProfile(profile);
    expect(resolved.keys?.x5c).toHaveLength(2);
    expect(resolved.assertionProfile).toBe('ishare');
  });

  it('lists every problem at once, naming variables and never echoing values', () => {
    const secretish = 'ftp://secret-host-value';
    const err = configError(() =>
      profileFromEnv('x', { M2M_PROFILE_X_TOKEN_URL: secretish, M2M_PROFILE_X_AUTH: 'magic', M2M_PROFILE_X_TIMEOUT_MS: 'soon' }),
    );
    const variables = err.issues.map((i) => i.variable);
    expect(variables).toEqual(expect.arrayContaining(['M2M_PROFILE_X_TOKEN_URL', 'M2M_PROFILE_X_CLIENT_ID', 'M2M_PROFILE_X_AUTH', 'M2M_PROFILE_X_TIMEOUT_MS']));
    expect(err.message).not.toContain(secretish);
    expect(err.message).not.toContain('magic');
  });

  it('a missing secret is reported together with a missing client id', () => {
    const err = configError(() => profileFromEnv('y', { M2M_PROFILE_Y_TOKEN_URL: 'https://t.example/token' }));
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['M2M_PROFILE_Y_CLIENT_ID', 'M2M_PROFILE_Y_CLIENT_SECRET']);
  });

  it('http:// only for loopback hosts; not both token URL and issuer', () => {
    const base = { M2M_PROFILE_Z_CLIENT_ID: 'c', M2M_PROFILE_Z_CLIENT_SECRET: 's' };
    expect(() => profileFromEnv('z', { ...base, M2M_PROFILE_Z_TOKEN_URL: 'http://localhost:8080/token' })).not.toThrow();
    expect(() => profileFromEnv('z', { ...base, M2M_PROFILE_Z_TOKEN_URL: 'http://[::1]:8080/token' })).not.toThrow();
    expect(configError(() => profileFromEnv('z', { ...base, M2M_PROFILE_Z_TOKEN_URL: 'http://idp.example/token' })).issues[0]?.variable).toBe('M2M_PROFILE_Z_TOKEN_URL');
    expect(configError(() => profileFromEnv('z', { ...base, M2M_PROFILE_Z_TOKEN_URL: 'https://a.example/t', M2M_PROFILE_Z_ISSUER: 'https://a.example' })).issues[0]?.message).toMatch(/not both/);
  });

  it('an unreadable key file is named once; iSHARE needs chain and audience', () => {
    const err = configError(() =>
      profileFromEnv('i', {
        M2M_PROFILE_I_TOKEN_URL: 'https://i.example/connect/token',
        M2M_PROFILE_I_CLIENT_ID: 'EU.EORI.NL000000001',
        M2M_PROFILE_I_AUTH: 'private_key_jwt',
        M2M_PROFILE_I_ASSERTION_PROFILE: 'ishare',
        M2M_PROFILE_I_PRIVATE_KEY_FILE: join(dir, 'missing.pem'),
      }),
    );
    expect(err.issues.map((i) => i.variable).sort()).toEqual(['M2M_PROFILE_I_AUDIENCE', 'M2M_PROFILE_I_CERT_CHAIN_FILE', 'M2M_PROFILE_I_PRIVATE_KEY_FILE']);
    expect(err.issues.find((i) => i.variable.endsWith('KEY_FILE'))?.message).toMatch(/cannot be read/);
    expect(err.message).not.toContain('missing.pem');
  });

  it('an unknown profile says so; listEnvProfiles finds configured names', () => {
    expect(configError(() => profileFromEnv('nope', {})).issues[0]?.variable).toBe('M2M_PROFILE_NOPE_*');
    expect(listEnvProfiles({ M2M_PROFILE_SCREENING_EAGLE_CLIENT_ID: 'a', M2M_PROFILE_DUENDE_ISSUER: 'b', OTHER: 'c' })).toEqual(['DUENDE', 'SCREENING_EAGLE']);
  });
});

describe('key material checks', () => {
  const base = { tokenUrl: 'https://i.example/token', clientId: 'EU.EORI.NL000000001', auth: 'private_key_jwt' as const };

  it('refuses a chain whose leaf is not the private key', () => {
    const err = configError(() => resolveProfile({ ...base, privateKey: party.privateKeyPem, certChain: other.certChainPem }));
    expect(err.issues[0]).toMatchObject({ variable: 'certChain', message: expect.stringMatching(/does not belong/) });
  });

  it('refuses garbage, a 1024-bit key and a non-RSA key, without echoing them', async () => {
    const ca = await createTestCa();
    const weak = await ca.issue({ eori: 'w', modulusLength: 1024 });
    expect(configError(() => resolveProfile({ ...base, privateKey: 'not a key' })).issues[0]?.message).toMatch(/PEM private key/);
    expect(configError(() => resolveProfile({ ...base, privateKey: weak.privateKeyPem })).issues[0]?.message).toMatch(/2048 bits \(this key has 1024\)/);
    const { generateKeyPairSync } = await import('node:crypto');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const err = configError(() => resolveProfile({ ...base, privateKey: ec }));
    expect(err.issues[0]?.message).toMatch(/RSA/);
    expect(err.message).not.toContain('PRIVATE KEY');
  });

  it('createTokenSource validates the profile before any request', () => {
    expect(() => createTokenSource({ clientId: 'c', clientSecret: 's' } as never)).toThrow(ConfigError);
    expect(() => createTokenSource({ tokenUrl: 'https://t.example', clientId: 'c', clientSecret: 's', params: { grant_type: 'password' } })).toThrow(/protocol parameter/);
  });
});
