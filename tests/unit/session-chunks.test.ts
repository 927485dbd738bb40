/**
 * The session cookie is split across `netid_session.0`, `.1`, … when it does not fit in one
 * cookie (as nextjs-auth0 and Auth.js do), read back whole, and cleaned up when it shrinks or ends.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthError, requestCookies, type SessionData } from '@/lib/auth';
import { CHUNK_SIZE, MAX_CHUNKS } from '@/lib/auth/cookie-chunks';
import { clearSession, readSession, writeSession } from '@/lib/auth/session';
import { testConfig } from '../helpers/config';

const now = () => Math.floor(Date.now() / 1000);

/** A session whose sealed cookie is about `bytes` long (random claims do not compress). */
function session(bytes: number, sub = 'user-1'): SessionData {
  return {
    v: 1,
    flow: 'login',
    issuer: 'http://127.0.0.1:9/',
    user: { sub, blob: randomBytes(Math.max(0, Math.floor(bytes * 0.7) - 400)).toString('base64url') },
    permissionToken: null,
    tokens: null,
    createdAt: now(),
    expiresAt: now() + 3600,
  };
}

/** Writes `s` into a store that already holds `cookieHeader`; the Set-Cookie values and the Cookie header a browser then sends. */
async function write(s: SessionData, cookieHeader: string | null, config = testConfig()) {
  const store = requestCookies(cookieHeader);
  await writeSession(store, s, config);
  return browserAfter(cookieHeader, store.setCookieHeaders());
}

/** What a browser keeps after applying `setCookies` to `cookieHeader`. */
function browserAfter(cookieHeader: string | null, setCookies: string[]) {
  const jar = new Map((cookieHeader ?? '').split('; ').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  for (const c of setCookies) {
    const [pair] = c.split(';');
    const name = pair!.slice(0, pair!.indexOf('='));
    if (/Max-Age=0/i.test(c)) jar.delete(name);
    else jar.set(name, pair!.slice(pair!.indexOf('=') + 1));
  }
  return { setCookies, names: [...jar.keys()].sort(), header: [...jar].map(([n, v]) => `${n}=${v}`).join('; ') };
}

const readFrom = (header: string, config = testConfig()) => readSession(requestCookies(header), config);

describe('chunked session cookie', () => {
  it('a 6 KB session round-trips through two chunks, each a cookie a browser keeps', async () => {
    const big = session(6000);
    const { setCookies, names, header } = await write(big, null);
    expect(names).toEqual(['netid_session.0', 'netid_session.1']);
    for (const c of setCookies) {
      const pair = c.split(';')[0]!;
      expect(pair.length).toBeLessThanOrEqual(4096);
      expect(c).toMatch(/HttpOnly/i);
      expect(c).toMatch(/SameSite=Lax/i);
    }
    expect((await readFrom(header))?.user).toEqual(big.user);
  });

  it('shrinking back to one cookie deletes the chunks; growing again deletes the single cookie', async () => {
    const chunked = await write(session(6000), null);
    const small = await write(session(500, 'user-2'), chunked.header);
    expect(small.names).toEqual(['netid_session']);
    expect((await readFrom(small.header))?.user?.sub).toBe('user-2');
    const again = await write(session(9000, 'user-3'), small.header);
    expect(again.names).toEqual(['netid_session.0', 'netid_session.1', 'netid_session.2']);
    expect((await readFrom(again.header))?.user?.sub).toBe('user-3');
    const fewer = await write(session(6000, 'user-4'), again.header);
    expect(fewer.names).toEqual(['netid_session.0', 'netid_session.1']);
    expect((await readFrom(fewer.header))?.user?.sub).toBe('user-4');
  });

  it('ending the session deletes every chunk', async () => {
    const { header } = await write(session(6000), null);
    const store = requestCookies(header);
    clearSession(store, testConfig());
    expect(browserAfter(header, store.setCookieHeaders()).names).toEqual([]);
  });

  it('a missing or foreign chunk reads as signed out', async () => {
    const { header } = await write(session(9000), null);
    const withoutMiddle = header.split('; ').filter((p) => !p.startsWith('netid_session.1=')).join('; ');
    expect(await readFrom(withoutMiddle)).toBeNull();
    const other = await write(session(9000, 'someone-else'), null);
    const mixed = header.replace(/netid_session\.2=[^;]*/, other.header.match(/netid_session\.2=[^;]*/)![0]);
    expect(await readFrom(mixed)).toBeNull();
  });

  it(`a session above ${MAX_CHUNKS} chunks fails with session_too_large and writes nothing`, async () => {
    const store = requestCookies(null);
    const err = await writeSession(store, session(CHUNK_SIZE * MAX_CHUNKS + 2000), testConfig()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('session_too_large');
    expect(store.setCookieHeaders()).toEqual([]);
  });

  it('chunks of a __Host- session keep the prefix rules (Secure, Path=/, no Domain)', async () => {
    const prod = testConfig({ APP_URL: 'https://app.example', NODE_ENV: 'production' });
    const { setCookies, header } = await write(session(6000), null, prod);
    expect(setCookies.map((c) => c.split('=')[0])).toEqual(['__Host-netid_session.0', '__Host-netid_session.1']);
    for (const c of setCookies) {
      expect(c).toMatch(/Secure/i);
      expect(c).toMatch(/Path=\//);
      expect(c).not.toMatch(/Domain=/i);
    }
    expect(await readFrom(header, prod)).not.toBeNull();
  });
});
