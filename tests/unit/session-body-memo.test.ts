import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionData } from '@/lib/auth';
import { memoisedBody, reusedSession } from '@/lib/auth/session-body-memo';

const nowS = () => Math.floor(Date.now() / 1000);

function session(tokenExpiresAt = nowS() + 500): SessionData {
  return {
    v: 1,
    flow: 'login-permission',
    issuer: 'http://127.0.0.1:9/',
    user: { sub: 'user-1' },
    permissionToken: { accessToken: 'pc-token-secret', tokenType: 'Bearer', expiresAt: tokenExpiresAt },
    tokens: null,
    createdAt: nowS(),
    expiresAt: nowS() + 3600,
  };
}

afterEach(() => vi.useRealTimers());

describe('the session answer memo', () => {
  it('renders an object no store marked on every answer (nothing kept for a one-off read)', () => {
    const render = vi.fn((s: SessionData, now: number) => ({ sub: s.user?.sub, now }));
    const s = session();
    memoisedBody(s, render);
    memoisedBody(s, render);
    expect(render).toHaveBeenCalledTimes(2);
  });

  it('renders a marked object once and answers the same text until its token expires', () => {
    vi.useFakeTimers();
    const s = session(nowS() + 10);
    reusedSession(s);
    const render = vi.fn((x: SessionData, now: number) => ({ expired: (x.permissionToken?.expiresAt ?? 0) * 1000 <= now }));
    const first = memoisedBody(s, render);
    expect(memoisedBody(s, render)).toBe(first);
    expect(render).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(11_000);
    expect(JSON.parse(memoisedBody(s, render))).toEqual({ expired: true });
    expect(render).toHaveBeenCalledTimes(2);
  });

  it('keeps a marked object\'s memo when it is marked again', () => {
    const s = session();
    reusedSession(s);
    const render = vi.fn(() => ({ a: 1 }));
    memoisedBody(s, render);
    reusedSession(s);
    memoisedBody(s, render);
    expect(render).toHaveBeenCalledTimes(1);
  });
});
