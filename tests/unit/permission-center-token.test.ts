import { describe, expect, it } from 'vitest';
import { base64url } from 'jose';
import { isTokenExpired, tokenExpiry } from '@/lib/permission-center';
import { usableToken } from '@/lib/permission-center/token';

const now = Date.parse('2025-01-01T00:00:00Z');
const nowS = now / 1000;
const jws = (payload: object) => `${base64url.encode('{"alg":"RS256"}')}.${base64url.encode(JSON.stringify(payload))}.sig`;

describe('token expiry', () => {
  it('uses expiresAt of a session token, with skew', () => {
    expect(isTokenExpired({ accessToken: 't', expiresAt: nowS + 60 }, 10, now)).toBe(false);
    expect(isTokenExpired({ accessToken: 't', expiresAt: nowS + 10 }, 10, now)).toBe(true);
    expect(isTokenExpired({ accessToken: 't', expiresAt: nowS - 1 }, 0, now)).toBe(true);
  });

  it('reads exp from a JWS-shaped string and treats opaque tokens as unknown (the server decides)', () => {
    expect(tokenExpiry(jws({ exp: nowS + 5 }))).toBe(nowS + 5);
    expect(isTokenExpired(jws({ exp: nowS + 5 }), 10, now)).toBe(true);
    expect(tokenExpiry('eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..iv.cipher.tag')).toBeUndefined();
    expect(tokenExpiry('opaque')).toBeUndefined();
    expect(tokenExpiry('a.b.c')).toBeUndefined();
  });

  it('usableToken throws TOKEN_EXPIRED or NO_TOKEN before anything is sent', () => {
    expect(() => usableToken({ accessToken: 't', expiresAt: 1 }, 10)).toThrow(expect.objectContaining({ code: 'TOKEN_EXPIRED' }));
    expect(() => usableToken('', 10)).toThrow(expect.objectContaining({ code: 'NO_TOKEN' }));
    expect(usableToken({ accessToken: 'tok', expiresAt: Math.floor(Date.now() / 1000) + 600 }, 10)).toBe('tok');
  });
});
