import { describe, expect, it, vi } from 'vitest';
import { effectiveLifetime, TokenCache, type TokenResponse } from '@/lib/m2m';

const response = (token: string, expiresIn?: number): TokenResponse => ({ access_token: token, token_type: 'Bearer', ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) });

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('effectiveLifetime', () => {
  it.each([
    [3600, 3600],
    [undefined, 300],
    [Number.NaN, 300],
    [0, 0],
    [-5, 0],
    [604_800, 86_400],
  ])('expires_in %s → %s s', (input, expected) => {
    expect(effectiveLifetime(input, 300, 86_400)).toBe(expected);
  });
});

describe('TokenCache', () => {
  it('serves the cached token until renewAt, then requests again', async () => {
    let now = 0;
    const cache = new TokenCache({ now: () => now });
    const request = vi.fn(async () => response(`t${request.mock.calls.length}`, 3600));
    expect((await cache.get('k', request)).response.access_token).toBe('t1');
    now = 3539_000;
    expect((await cache.get('k', request)).response.access_token).toBe('t1');
    now = 3541_000;
    expect((await cache.get('k', request)).response.access_token).toBe('t2');
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('single-flight: 200 concurrent callers share one request', async () => {
    const cache = new TokenCache();
    const d = deferred<TokenResponse>();
    const request = vi.fn(() => d.promise);
    const all = Promise.all(Array.from({ length: 200 }, () => cache.get('k', request)));
    d.resolve(response('t', 60));
    const entries = await all;
    expect(request).toHaveBeenCalledTimes(1);
    expect(new Set(entries.map((e) => e.response.access_token))).toEqual(new Set(['t']));
  });

  it('a failure rejects all waiters and is not cached', async () => {
    const cache = new TokenCache();
    const d = deferred<TokenResponse>();
    const failing = vi.fn(() => d.promise);
    const waiters = Array.from({ length: 5 }, () => cache.get('k', failing));
    d.reject(new Error('boom'));
    for (const w of waiters) await expect(w).rejects.toThrow('boom');
    expect(failing).toHaveBeenCalledTimes(1);
    await expect(cache.get('k', async () => response('ok', 60))).resolves.toMatchObject({ response: { access_token: 'ok' } });
  });

  it('keys are independent', async () => {
    const cache = new TokenCache();
    const request = vi.fn(async () => response(`t${request.mock.calls.length}`, 60));
    await cache.get('a', request);
    await cache.get('b', request);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('forceRenew requests again but joins a request in flight', async () => {
    const cache = new TokenCache();
    const request = vi.fn(async () => response(`t${request.mock.calls.length}`, 60));
    await cache.get('k', request);
    const [a, b] = await Promise.all([cache.get('k', request, true), cache.get('k', request, true)]);
    expect(a).toBe(b);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('invalidate drops only the named token', async () => {
    const cache = new TokenCache();
    const request = vi.fn(async () => response(`t${request.mock.calls.length}`, 60));
    await cache.get('k', request);
    cache.invalidate('k', 'other');
    expect((await cache.get('k', request)).response.access_token).toBe('t1');
    cache.invalidate('k', 't1');
    expect((await cache.get('k', request)).response.access_token).toBe('t2');
  });

  it('a token with expires_in 0 is handed to its callers but not cached', async () => {
    const cache = new TokenCache();
    const request = vi.fn(async () => response('t', 0));
    await cache.get('k', request);
    await cache.get('k', request);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('a missing expires_in means the default lifetime (300 s), never forever', async () => {
    const cache = new TokenCache({ now: () => 0 });
    const entry = await cache.get('k', async () => response('t'));
    expect(entry.expiresAt).toBe(300_000);
    expect(entry.renewAt).toBe(240_000);
  });

  it('refuses nonsense options', () => {
    expect(() => new TokenCache({ renewBeforeExpirySeconds: -1 })).toThrow(RangeError);
    expect(() => new TokenCache({ renewBeforeExpiryFraction: 2 })).toThrow(RangeError);
  });
});
