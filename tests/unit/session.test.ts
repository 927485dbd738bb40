import { describe, expect, it } from 'vitest';
import type { SessionData } from '@/lib/auth';
import { clearSessionCookie, readSession, sessionCookie } from '../helpers/cookie-shims';
import { seal } from '@/lib/auth/session-seal';
import { testConfig } from '../helpers/config';

const now = () => Math.floor(Date.now() / 1000);

function session(overrides: Partial<SessionData> = {}, issuer = 'http://127.0.0.1:9/'): SessionData {
  return {
    v: 1,
    flow: 'login-permission',
    issuer,
    user: { sub: 'user-1', email: 'max@example.com' },
    permissionToken: { accessToken: 'pc-token', tokenType: 'bearer', expiresAt: now() + 500 },
    tokens: null,
    createdAt: now(),
    expiresAt: now() + 3600,
    ...overrides,
  };
}

/** "name=value" from a Set-Cookie header. */
function pair(setCookie: string): string {
  return setCookie.split(';')[0]!;
}

describe('session cookie', () => {
  const config = testConfig();

  it('round-trips and is HttpOnly, SameSite=Lax, not Secure on loopback http', async () => {
    const c = await sessionCookie(session(), config);
    expect(c).toMatch(/^netid_session=/);
    expect(c).toMatch(/HttpOnly/i);
    expect(c).toMatch(/SameSite=Lax/i);
    expect(c).not.toMatch(/Secure/i);
    expect(c).not.toContain('pc-token');
    const read = await readSession(pair(c), config);
    expect(read?.user?.sub).toBe('user-1');
    expect(read?.permissionToken?.accessToken).toBe('pc-token');
  });

  it('uses Secure and the __Host- prefix for https apps', async () => {
    const prod = testConfig({ APP_URL: 'https://app.example', NODE_ENV: 'production' });
    const c = await sessionCookie(session(), prod);
    expect(c).toMatch(/^__Host-netid_session=/);
    expect(c).toMatch(/Secure/i);
    expect(c).toMatch(/Path=\//);
    expect(c).not.toMatch(/Domain=/i);
  });

  it('reads tampered, foreign, oversized and garbage cookies as signed out', async () => {
    const c = pair(await sessionCookie(session(), config));
    const [name, value] = [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)];
    const flipped = value.slice(0, 40) + (value[40] === 'A' ? 'B' : 'A') + value.slice(41);
    expect(await readSession(`${name}=${flipped}`, config)).toBeNull();
    const foreign = testConfig({ SESSION_PASSWORD: 'z'.repeat(32) });
    expect(await readSession(c, foreign)).toBeNull();
    expect(await readSession(`${name}=${'a'.repeat(5000)}`, config)).toBeNull();
    expect(await readSession(`${name}=%%%garbage`, config)).toBeNull();
    expect(await readSession(`${name}=Fe26.2**bad`, config)).toBeNull();
    expect(await readSession('', config)).toBeNull();
    expect(await readSession(null, config)).toBeNull();
  });

  it('reads a session sealed for another issuer as signed out', async () => {
    const c = pair(await sessionCookie(session({}, 'https://other.example/'), testConfig({ NETID_ISSUER: 'https://other.example/' })));
    expect(await readSession(c, config)).toBeNull();
  });

  it('reads a well-sealed but ill-shaped payload as signed out', async () => {
    const value = await seal({ v: 1, user: 'not-an-object' }, config.sessionPasswords, 60);
    expect(await readSession(`netid_session=${value}`, config)).toBeNull();
  });

  it('reads an expired session as signed out', async () => {
    const value = await seal({ ...session(), expiresAt: now() - 1 }, config.sessionPasswords, 60);
    expect(await readSession(`netid_session=${value}`, config)).toBeNull();
  });

  it('rotates passwords: first seals, all unseal', async () => {
    const oldPw = 'o'.repeat(32);
    const newPw = 'n'.repeat(32);
    const before = testConfig({ SESSION_PASSWORD: oldPw });
    const rotated = testConfig({ SESSION_PASSWORD: `${newPw},${oldPw}` });
    const onlyNew = testConfig({ SESSION_PASSWORD: newPw });
    const oldCookie = pair(await sessionCookie(session({ user: { sub: 'rot-old' } }), before));
    expect((await readSession(oldCookie, rotated))?.user?.sub).toBe('rot-old');
    const newCookie = pair(await sessionCookie(session({ user: { sub: 'rot-new' } }), rotated));
    expect((await readSession(newCookie, onlyNew))?.user?.sub).toBe('rot-new');
    expect(await readSession(newCookie, before)).toBeNull();
  });

  it('clears the cookie with Max-Age=0', () => {
    expect(clearSessionCookie(null, config)).toMatch(/^netid_session=;.*Max-Age=0/i);
  });
});
