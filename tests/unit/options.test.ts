import { describe, expect, it } from 'vitest';
import { ConfigError, createNetIdAuth, type NetIdAuthOptions } from '@/lib/auth';
import { resolveOptions } from '@/lib/auth/options';

const valid: NetIdAuthOptions = {
  issuer: 'https://broker.netid.de/',
  clientId: 'client-id',
  clientSecret: 'client-secret-value',
  appUrl: 'https://shop.example/',
  session: { password: ['c'.repeat(32), 'p'.repeat(32)] },
  flows: { default: 'login-permission' },
  scopes: ['profile', 'email'],
  production: true,
};

function problems(options: NetIdAuthOptions): { variables: string[]; text: string } {
  try {
    resolveOptions(options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    return { variables: e.issues.map((i) => i.variable).sort(), text: e.message + JSON.stringify(e.issues) };
  }
  throw new Error('expected a ConfigError');
}

describe('options in code', () => {
  it('resolves typed options without any environment variable', () => {
    const config = createNetIdAuth(valid).config();
    expect(config.profile.id).toBe('netid');
    expect(config.appUrl).toBe('https://shop.example');
    expect(config.redirectUri).toBe('https://shop.example/api/auth/callback');
    expect(config.sessionPasswords).toEqual(['c'.repeat(32), 'p'.repeat(32)]);
    expect(config.scopes).toEqual(['profile', 'email']);
    expect(config.clientAuth).toBe('client_secret_basic');
    expect(config.idTokenAlg).toBe('RS256');
  });

  it('lists every problem at once, naming the option and never echoing a value', () => {
    const { variables, text } = problems({
      issuer: 'http://evil.example/top-secret-path',
      clientId: '',
      clientSecret: 'top-secret-client-secret',
      appUrl: 'not a url',
      session: { password: 'short-secret-pw', ttlSeconds: 5 },
      clientAuth: 'private_key_jwt' as never,
      idTokenAlg: 'HS256' as never,
      routes: { basePath: 'api/auth/' },
      httpTimeoutMs: 10,
      production: true,
    });
    expect(variables).toEqual(
      ['appUrl', 'clientAuth', 'clientId', 'httpTimeoutMs', 'idTokenAlg', 'issuer', 'routes.basePath', 'session.password', 'session.ttlSeconds'].sort(),
    );
    for (const secret of ['evil.example', 'top-secret', 'short-secret-pw', 'HS256', 'private_key_jwt']) expect(text).not.toContain(secret);
  });

  it('requires a session password in production and refuses the dev one', () => {
    expect(problems({ ...valid, session: {} }).variables).toEqual(['session.password']);
    expect(resolveOptions({ ...valid, session: {}, production: false }).sessionPasswords).toHaveLength(1);
  });

  it('checks the profile rules: oidc needs openid, screening-eagle only client_secret_basic', () => {
    expect(problems({ ...valid, profile: 'oidc', scopes: ['profile'] }).variables).toEqual(['scopes']);
    expect(problems({ ...valid, profile: 'screening-eagle', clientAuth: 'client_secret_post' }).variables).toEqual(['clientAuth']);
    expect(problems({ ...valid, profile: 'auth0' as never }).variables).toEqual(['profile']);
  });

  it('takes the route paths from one routes option', () => {
    const config = resolveOptions({ ...valid, routes: { basePath: '/auth', errorPage: '/oops', upstream: '/bff' } });
    expect(config.redirectUri).toBe('https://shop.example/auth/callback');
    expect(config.routes).toMatchObject({ login: '/auth/login', logout: '/auth/logout', session: '/auth/session', errorPage: '/oops', upstream: '/bff' });
    const auth = createNetIdAuth({ ...valid, routes: { basePath: '/auth', errorPage: '/oops' } });
    expect(auth.loginPath('permission', '/consent')).toBe('/auth/login?flow=permission&returnTo=%2Fconsent');
  });

  it('loginPath is the one login URL builder: flow optional (the default flow), returnTo checked', () => {
    const auth = createNetIdAuth({ ...valid, routes: { basePath: '/auth' } });
    expect(auth.loginPath(undefined, '/account?tab=1')).toBe('/auth/login?returnTo=%2Faccount%3Ftab%3D1');
    expect(auth.loginPath(undefined, '//evil.example')).toBe('/auth/login?returnTo=%2F');
    expect(auth.loginPath('login', 'https://evil.example/x')).toBe('/auth/login?flow=login&returnTo=%2F');
  });

  it('sends sign-in errors to the configured error page', async () => {
    const auth = createNetIdAuth({ ...valid, routes: { errorPage: '/oops' }, log: () => {} });
    const res = await auth.login(new Request('https://shop.example/api/auth/login?flow=bogus'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/oops?code=invalid_flow');
  });

  it('validates lazily: creating needs no valid options, the first use reports them', () => {
    const auth = createNetIdAuth({ ...valid, clientSecret: '' });
    expect(() => auth.config()).toThrow(ConfigError);
    const fromFunction = createNetIdAuth(() => {
      throw new Error('not called before first use');
    });
    expect(() => fromFunction.config()).toThrow(/not called before first use/);
  });
});
