import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/auth';
import { DEV_SESSION_PASSWORD } from '@/lib/auth/options';

const valid = {
  NETID_ISSUER: 'https://broker.netid.de/',
  NETID_CLIENT_ID: 'cid',
  NETID_CLIENT_SECRET: 'super-secret-value',
  APP_URL: 'https://app.example/',
  SESSION_PASSWORD: 'x'.repeat(40),
};

function issues(env: Record<string, string | undefined>) {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies defaults and derives the redirect URI', () => {
    const c = parseConfig(valid);
    expect(c.clientAuth).toBe('client_secret_basic');
    expect(c.idTokenAlg).toBe('RS256');
    expect(c.appUrl).toBe('https://app.example');
    expect(c.redirectUri).toBe('https://app.example/api/auth/callback');
    expect(c.scopes).toEqual(['profile', 'email']);
  });

  it('lists every problem at once, naming variables', () => {
    const list = issues({ NETID_CLIENT_AUTH: 'private_key_jwt', NETID_ID_TOKEN_ALG: 'HS256', SESSION_PASSWORD: 'short' });
    const vars = list.map((i) => i.variable).sort();
    expect(vars).toEqual(
      ['APP_URL', 'NETID_CLIENT_AUTH', 'NETID_CLIENT_ID', 'NETID_CLIENT_SECRET', 'NETID_ID_TOKEN_ALG', 'NETID_ISSUER', 'SESSION_PASSWORD'].sort(),
    );
  });

  it('never echoes a value in the error message', () => {
    const secretish = 'http://evil.example/super-secret-path';
    try {
      parseConfig({ ...valid, NETID_ISSUER: secretish, SESSION_PASSWORD: 'tiny-secret-pw' });
      expect.unreachable();
    } catch (e) {
      const text = String((e as Error).message) + JSON.stringify((e as ConfigError).issues);
      expect(text).not.toContain('evil.example');
      expect(text).not.toContain('tiny-secret-pw');
      expect(text).toContain('NETID_ISSUER');
    }
  });

  it.each([
    ['http://127.0.0.1:4000/', true],
    ['http://localhost:4000/', true],
    ['http://[::1]:4000/', true],
    ['http://broker.example/', false],
    ['ftp://broker.example/', false],
    ['https://broker.example/', true],
    ['not a url', false],
  ])('issuer %s accepted=%s (http only for loopback)', (issuer, ok) => {
    if (ok) expect(parseConfig({ ...valid, NETID_ISSUER: issuer }).issuer).toBe(issuer);
    else expect(issues({ ...valid, NETID_ISSUER: issuer }).map((i) => i.variable)).toEqual(['NETID_ISSUER']);
  });

  it('uses a dev password outside production and refuses it in production', () => {
    const { SESSION_PASSWORD: _omit, ...noPassword } = valid;
    expect(parseConfig(noPassword).sessionPasswords).toEqual([DEV_SESSION_PASSWORD]);
    expect(issues({ ...noPassword, NODE_ENV: 'production' }).map((i) => i.variable)).toEqual(['SESSION_PASSWORD']);
    expect(issues({ ...valid, NODE_ENV: 'production', SESSION_PASSWORD: DEV_SESSION_PASSWORD }).map((i) => i.variable)).toEqual([
      'SESSION_PASSWORD',
    ]);
  });

  it('splits a comma-separated password list for rotation, each at least 32 chars', () => {
    const c = parseConfig({ ...valid, SESSION_PASSWORD: `${'n'.repeat(32)},${'o'.repeat(32)}` });
    expect(c.sessionPasswords).toEqual(['n'.repeat(32), 'o'.repeat(32)]);
    expect(issues({ ...valid, SESSION_PASSWORD: `${'n'.repeat(32)},short` }).map((i) => i.variable)).toEqual(['SESSION_PASSWORD']);
  });

  it('accepts client_secret_post, ES256 and an explicit none', () => {
    const c = parseConfig({ ...valid, NETID_CLIENT_AUTH: 'client_secret_post', NETID_ID_TOKEN_ALG: 'none' });
    expect(c.clientAuth).toBe('client_secret_post');
    expect(c.idTokenAlg).toBe('none');
    expect(parseConfig({ ...valid, NETID_ID_TOKEN_ALG: 'ES256' }).idTokenAlg).toBe('ES256');
  });

  it('validates NETID_CLAIMS as a JSON object', () => {
    expect(parseConfig({ ...valid, NETID_CLAIMS: '{"userinfo":{"email":{"essential":true}}}' }).claims).toContain('userinfo');
    expect(issues({ ...valid, NETID_CLAIMS: '[1]' }).map((i) => i.variable)).toEqual(['NETID_CLAIMS']);
  });
});

describe('parseConfig with AUTH_PROVIDER=oidc', () => {
  const oidc = {
    AUTH_PROVIDER: 'oidc',
    OIDC_ISSUER: 'https://id.example',
    OIDC_CLIENT_ID: 'web',
    OIDC_CLIENT_SECRET: 'secret',
    APP_URL: 'https://app.example',
    SESSION_PASSWORD: 'x'.repeat(40),
  };

  it('reads the OIDC_* variables and needs no NETID_* ones', () => {
    const c = parseConfig({ ...oidc, UPSTREAM_API_URL: 'https://api.example/v1/' });
    expect(c.profile.id).toBe('oidc');
    expect(c.issuer).toBe('https://id.example');
    expect(c.scopes).toEqual(['openid', 'profile', 'email', 'offline_access']);
    expect(c.clientAuth).toBe('client_secret_basic');
    expect(c.upstreamUrl).toBe('https://api.example/v1');
  });

  it('lists missing OIDC variables and a scope list without openid', () => {
    const list = issues({ AUTH_PROVIDER: 'oidc', APP_URL: 'https://app.example', OIDC_SCOPES: 'api' });
    expect(list.map((i) => i.variable).sort()).toEqual(['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ISSUER', 'OIDC_SCOPES']);
  });

  it('treats empty variables as unset and refuses an unknown provider', () => {
    expect(parseConfig({ ...valid, NETID_CLIENT_AUTH: '' }).clientAuth).toBe('client_secret_basic');
    expect(issues({ ...valid, AUTH_PROVIDER: 'auth0' }).map((i) => i.variable)).toContain('AUTH_PROVIDER');
    expect(issues({ ...valid, UPSTREAM_API_URL: 'http://api.example' }).map((i) => i.variable)).toEqual(['UPSTREAM_API_URL']);
  });
});
