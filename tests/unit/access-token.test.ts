import { describe, expect, it } from 'vitest';
import { AuthError, requestCookies, type CookieStore } from '@/lib/auth';
import { getAccessToken } from '@/lib/auth/access-token';
import { createOidcDiscovery } from '@/lib/auth/oidc';
import { createMemoryRefreshCoordinator } from '@/lib/auth/refresh-coordinator';
import { sealSession, type SessionData, type UserTokens } from '@/lib/auth/session';
import { testConfig } from '../helpers/config';

const config = testConfig({ AUTH_PROVIDER: 'oidc', OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' });
const now = () => Math.floor(Date.now() / 1000);

async function cookieFor(tokens: UserTokens | null): Promise<string> {
  const session: SessionData = {
    v: 1,
    flow: 'login',
    issuer: config.issuer,
    user: { sub: 'u' },
    permissionToken: null,
    tokens,
    createdAt: now(),
    expiresAt: now() + 3600,
  };
  return `netid_session=${await sealSession(session, config)}`;
}

/** A store that cannot write, like a Server Component's; counts the attempts. */
function readOnly(cookie: string | null): CookieStore & { attempts: number } {
  const store = requestCookies(cookie);
  const out = {
    attempts: 0,
    get: (n: string) => store.get(n),
    getAll: () => store.getAll(),
    set: () => {
      out.attempts++;
      throw new Error('read-only');
    },
  };
  return out;
}

const run = (store: CookieStore) => getAccessToken(store, config, createMemoryRefreshCoordinator(), createOidcDiscovery());

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AuthError);
    return (err as AuthError).code;
  }
  throw new Error('expected a rejection');
}

describe('getAccessToken (no network needed)', () => {
  it('is unauthenticated without a session', async () => {
    expect(await code(run(requestCookies(null)))).toBe('unauthenticated');
  });

  it('has no access token in a netID-style session', async () => {
    expect(await code(run(requestCookies(await cookieFor(null))))).toBe('access_token_unavailable');
  });

  it('returns a valid token as is, without a cookie write', async () => {
    const store = readOnly(await cookieFor({ accessToken: 'at-1', issuedAt: now(), expiresAt: now() + 300, refreshToken: 'rt' }));
    expect((await run(store)).accessToken).toBe('at-1');
    expect(store.attempts).toBe(0);
  });

  it('treats a token inside the refresh-ahead window as due', async () => {
    const store = readOnly(await cookieFor({ accessToken: 'at', issuedAt: now() - 270, expiresAt: now() + 30, refreshToken: 'rt' }));
    expect(await code(run(store))).toBe('refresh_needs_cookie_write');
  });

  it('refuses a due refresh where cookies cannot be written (Server Component), before redeeming anything', async () => {
    // The issuer is a closed port: had the refresh been tried, the code would be broker_unreachable.
    const store = readOnly(await cookieFor({ accessToken: 'at', issuedAt: now() - 600, expiresAt: now() - 1, refreshToken: 'rt' }));
    expect(await code(run(store))).toBe('refresh_needs_cookie_write');
    expect(store.attempts).toBe(1);
  });

  it('says access_token_expired when there is no refresh token', async () => {
    const store = requestCookies(await cookieFor({ accessToken: 'at', issuedAt: now() - 600, expiresAt: now() - 1 }));
    expect(await code(run(store))).toBe('access_token_expired');
    expect(store.setCookieHeaders()).toEqual([]);
  });
});
