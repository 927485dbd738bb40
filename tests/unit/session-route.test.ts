import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionData } from '@/lib/auth';
import { handleSession } from '@/lib/auth/handlers/session-route';
import { sealSession } from '@/lib/auth/session';
import { testConfig } from '../helpers/config';

const nowS = () => Math.floor(Date.now() / 1000);

function session(overrides: Partial<SessionData> = {}): SessionData {
  return {
    v: 1,
    flow: 'login-permission',
    issuer: 'http://127.0.0.1:9/',
    user: { sub: 'user-1', email: 'max@example.com' },
    permissionToken: { accessToken: 'pc-token-secret', tokenType: 'Bearer', expiresAt: nowS() + 500 },
    tokens: null,
    createdAt: nowS(),
    expiresAt: nowS() + 3600,
    ...overrides,
  };
}

const get = (cookie?: string) => new Request('http://127.0.0.1:3000/api/auth/session', { headers: cookie ? { cookie } : {} });

afterEach(() => vi.useRealTimers());

describe('GET /api/auth/session', () => {
  it('answers the public view, never a token, uncached JSON; the same on a cached read', async () => {
    const config = testConfig();
    const cookie = `netid_session=${await sealSession(session(), config)}`;
    const first = await handleSession(get(cookie), config);
    const second = await handleSession(get(cookie), config);
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-type')).toBe('application/json');
    }
    const [a, b] = [await first.text(), await second.text()];
    expect(b).toBe(a);
    expect(a).not.toContain('pc-token-secret');
    expect(JSON.parse(a)).toMatchObject({ user: { sub: 'user-1', email: 'max@example.com' }, permissionToken: { expired: false }, flow: 'login-permission' });
  });

  it('flips permissionToken.expired when the token expires, though the session is still cached', async () => {
    const config = testConfig();
    const expiresAt = nowS() + 500;
    const cookie = `netid_session=${await sealSession(session({ permissionToken: { accessToken: 't', tokenType: 'Bearer', expiresAt } }), config)}`;
    expect((await (await handleSession(get(cookie), config)).json()).permissionToken.expired).toBe(false);
    vi.useFakeTimers({ toFake: ['Date'], now: expiresAt * 1000 + 1 });
    const later = await (await handleSession(get(cookie), config)).json();
    expect(later.permissionToken).toEqual({ expiresAt: new Date(expiresAt * 1000).toISOString(), expired: true });
  });

  it('answers 401 JSON when signed out, each time a fresh response', async () => {
    const config = testConfig();
    const answers = [await handleSession(get(), config), await handleSession(get('netid_session=garbage'), config)];
    for (const res of answers) {
      expect(res.status).toBe(401);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ error: 'unauthenticated', message: expect.any(String) });
    }
  });

  it('stops reading a cached session once the session itself has expired', async () => {
    const config = testConfig();
    const expiresAt = nowS() + 2;
    const cookie = `netid_session=${await sealSession(session({ expiresAt }), config)}`;
    expect((await handleSession(get(cookie), config)).status).toBe(200);
    expect((await handleSession(get(cookie), config)).status).toBe(200);
    // Real time (the cache's clock is monotonic): wait, bounded, until the session's expiry has passed.
    for (let i = 0; i < 50 && Date.now() <= expiresAt * 1000; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await handleSession(get(cookie), config)).status).toBe(401);
  });
});
