import { describe, expect, it } from 'vitest';
import { getAccessToken } from '@/lib/auth/access-token';
import { createMemoryRefreshCoordinator } from '@/lib/auth/refresh-coordinator';
import { sessionCookie, type SessionData, type UserTokens } from '@/lib/auth/session';
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
  return (await sessionCookie(session, config)).split(';')[0]!;
}

const run = (cookie: string | null, canWriteCookies = true) =>
  getAccessToken(cookie, config, createMemoryRefreshCoordinator(), { canWriteCookies });

describe('getAccessToken (no network needed)', () => {
  it('is unauthenticated without a session', async () => {
    const r = await run(null);
    expect(r.ok === false && r.error.code).toBe('unauthenticated');
  });

  it('has no access token in a netID-style session', async () => {
    const r = await run(await cookieFor(null));
    expect(r.ok === false && r.error.code).toBe('access_token_unavailable');
  });

  it('returns a valid token as is, without a cookie write', async () => {
    const r = await run(await cookieFor({ accessToken: 'at-1', issuedAt: now(), expiresAt: now() + 300, refreshToken: 'rt' }), false);
    expect(r).toMatchObject({ ok: true, accessToken: 'at-1', setCookies: [] });
  });

  it('treats a token inside the refresh-ahead window as due', async () => {
    const r = await run(await cookieFor({ accessToken: 'at', issuedAt: now() - 270, expiresAt: now() + 30, refreshToken: 'rt' }), false);
    expect(r.ok === false && r.error.code).toBe('refresh_needs_cookie_write');
  });

  it('refuses a due refresh where cookies cannot be written (Server Component), keeping the session', async () => {
    const r = await run(await cookieFor({ accessToken: 'at', issuedAt: now() - 600, expiresAt: now() - 1, refreshToken: 'rt' }), false);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('refresh_needs_cookie_write');
      expect(r.setCookies).toEqual([]);
    }
  });

  it('says access_token_expired when there is no refresh token', async () => {
    const r = await run(await cookieFor({ accessToken: 'at', issuedAt: now() - 600, expiresAt: now() - 1 }));
    expect(r.ok === false && r.error.code).toBe('access_token_expired');
  });
});
