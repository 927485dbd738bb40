import { describe, expect, it } from 'vitest';
import { AuthError } from '@/lib/auth';
import { extractPermissionToken, flowScope, userFromClaims } from '@/lib/auth/internal';
import { DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_PERMISSION_TOKEN_TTL } from '@/lib/http';
import { userTokens } from '@/lib/auth/user-tokens';

const NOW = 1_700_000_000;

describe('flowScope', () => {
  it('sends the scopes of the three netID flows', () => {
    expect(flowScope('login', [])).toBe('openid');
    expect(flowScope('login', ['profile', 'email'])).toBe('openid profile email');
    expect(flowScope('login-permission', [])).toBe('openid permission_management');
    expect(flowScope('permission', ['profile'])).toBe('permission_management');
  });
});

describe('extractPermissionToken', () => {
  const claim = { permission_management: { access_token: 'pc-token', token_type: 'bearer', expires_in: 500 } };

  it('takes the SSO token from the ID token claim, not the top-level access token', () => {
    const t = extractPermissionToken('login-permission', { access_token: 'userinfo-token', expires_in: 899 }, claim, NOW);
    expect(t).toEqual({ accessToken: 'pc-token', tokenType: 'bearer', expiresAt: NOW + 500 });
  });

  it('takes the standalone token from the token response', () => {
    const t = extractPermissionToken('permission', { access_token: 'pc-token-2', token_type: 'Bearer', expires_in: 499 }, undefined, NOW);
    expect(t).toEqual({ accessToken: 'pc-token-2', tokenType: 'Bearer', expiresAt: NOW + 499 });
  });

  it('has none in the login flow even if a claim is present', () => {
    expect(extractPermissionToken('login', { access_token: 'x' }, claim, NOW)).toBeNull();
  });

  it('is null when the user deselected the scope (no claim)', () => {
    expect(extractPermissionToken('login-permission', { access_token: 'x' }, { sub: 's' }, NOW)).toBeNull();
  });

  it('rejects a malformed claim with a typed error', () => {
    expect(() => extractPermissionToken('login-permission', {}, { permission_management: 'oops' }, NOW)).toThrow(AuthError);
    try {
      extractPermissionToken('login-permission', {}, { permission_management: { token_type: 'bearer' } }, NOW);
    } catch (e) {
      expect((e as AuthError).code).toBe('permission_token_invalid');
    }
  });

  it.each([undefined, 0, -5, Number.NaN])('defaults a missing or silly expires_in (%s)', (expires_in) => {
    const t = extractPermissionToken('permission', { access_token: 'x', expires_in }, undefined, NOW);
    expect(t?.expiresAt).toBe(NOW + DEFAULT_PERMISSION_TOKEN_TTL);
  });

  it('clamps an absurd expires_in instead of keeping a token forever', () => {
    const t = extractPermissionToken('permission', { access_token: 'x', expires_in: 10 ** 12 }, undefined, NOW);
    expect(t!.expiresAt - NOW).toBeLessThanOrEqual(24 * 3600);
  });
});

describe('userFromClaims', () => {
  it('keeps user claims, drops protocol claims and the permission token', () => {
    const user = userFromClaims(
      { sub: 'abc', iss: 'i', aud: 'a', nonce: 'n', exp: 1, iat: 1, email: 'e@x', permission_management: { access_token: 't' } },
      { given_name: 'Max' },
    );
    expect(user).toEqual({ sub: 'abc', email: 'e@x', given_name: 'Max' });
    expect(JSON.stringify(user)).not.toContain('"t"');
  });

  it('never lets userinfo override the ID token subject', () => {
    expect(userFromClaims({ sub: 'abc' }, { sub: 'other' }).sub).toBe('abc');
  });
});

describe('userTokens', () => {
  it('keeps the previous refresh and ID token when a refresh returns none', () => {
    const first = userTokens({ access_token: 'a1', expires_in: 60, refresh_token: 'r1', id_token: 'i1' }, null, NOW);
    expect(first).toEqual({ accessToken: 'a1', issuedAt: NOW, expiresAt: NOW + 60, refreshToken: 'r1', idToken: 'i1' });
    const second = userTokens({ access_token: 'a2', expires_in: 60 }, first, NOW + 50);
    expect(second).toEqual({ accessToken: 'a2', issuedAt: NOW + 50, expiresAt: NOW + 110, refreshToken: 'r1', idToken: 'i1' });
    expect(userTokens({ access_token: 'a3', refresh_token: 'r2' }, second, NOW)?.refreshToken).toBe('r2');
  });

  it('defaults a missing expires_in and has no tokens without an access token', () => {
    expect(userTokens({ access_token: 'a' }, null, NOW)?.expiresAt).toBe(NOW + DEFAULT_ACCESS_TOKEN_TTL);
    expect(userTokens({}, null, NOW)).toBeNull();
  });
});
