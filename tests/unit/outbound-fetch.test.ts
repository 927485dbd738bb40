import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outboundFetch, transportFailure, unpatchedFetch } from '@/lib/http';

/** A fake platform fetch that records the signal it was given and answers `body` (or hangs until aborted). */
function fakeFetch(body: string | null = 'ok', hang = false) {
  const signals: AbortSignal[] = [];
  const fn = vi.fn((_input: string | URL | Request, init?: RequestInit) => {
    const signal = init!.signal!;
    signals.push(signal);
    if (!hang) return Promise.resolve(new Response(body, { status: body === null ? 204 : 200 }));
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  });
  return { fn: fn as unknown as typeof fetch & typeof fn, signals };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('outboundFetch and Next.js patched fetch', () => {
  it('calls the original fetch behind a Next-patched global fetch, never the patched one', async () => {
    const original = fakeFetch();
    // The way next/dist/server/lib/patch-fetch.js patches: a wrapper flagged __nextPatched with _nextOriginalFetch.
    const patched = Object.assign(vi.fn(() => Promise.reject(new Error('patched fetch used'))), {
      __nextPatched: true as const,
      _nextOriginalFetch: original.fn,
    });
    vi.stubGlobal('fetch', patched);
    const res = await outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 1000 });
    expect(await res.text()).toBe('ok');
    // A caller passing the (patched) global fetch explicitly, like the M2M seams' default, gets it unwrapped too.
    await (await outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 1000, fetch: globalThis.fetch })).text();
    expect(original.fn).toHaveBeenCalledTimes(2);
    expect(patched).not.toHaveBeenCalled();
  });

  it('leaves an unpatched fetch as it is', () => {
    const plain = fakeFetch().fn;
    expect(unpatchedFetch(plain)).toBe(plain);
  });
});

describe('outboundFetch deadline', () => {
  it('leaves no timer and no abort listener behind once the body is read', async () => {
    vi.useFakeTimers();
    const base = fakeFetch('{"a":1}');
    const caller = new AbortController();
    const res = await outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 10_000, signal: caller.signal, fetch: base.fn });
    // While the body is unread the deadline still stands (it covers the body too).
    expect(vi.getTimerCount()).toBe(1);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    expect(await res.json()).toEqual({ a: 1 });
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    vi.advanceTimersByTime(20_000);
    expect(base.signals[0]!.aborted).toBe(false);
  });

  it('a body read by hand (getReader to its end, or cancelled) releases too', async () => {
    vi.useFakeTimers();
    for (const how of ['read', 'reader-cancel', 'body-cancel'] as const) {
      const caller = new AbortController();
      const res = await outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 10_000, signal: caller.signal, fetch: fakeFetch('chunk').fn });
      expect(vi.getTimerCount(), how).toBe(1);
      if (how === 'body-cancel') await res.body!.cancel();
      else {
        const reader = res.body!.getReader();
        if (how === 'reader-cancel') await reader.cancel();
        else while (!(await reader.read()).done);
      }
      expect(vi.getTimerCount(), how).toBe(0);
      expect(getEventListeners(caller.signal, 'abort'), how).toHaveLength(0);
    }
  });

  it('releases at once for an answer without a body, and when the call fails', async () => {
    vi.useFakeTimers();
    await outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 10_000, fetch: fakeFetch(null).fn });
    expect(vi.getTimerCount()).toBe(0);
    const failing = vi.fn(() => Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch;
    await expect(outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 10_000, fetch: failing })).rejects.toThrow('fetch failed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with a TimeoutError when the deadline passes', async () => {
    vi.useFakeTimers();
    const pending = outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 50, fetch: fakeFetch('ok', true).fn });
    const settled = pending.catch((e: unknown) => e);
    vi.advanceTimersByTime(50);
    const error = await settled;
    expect(transportFailure(error)).toBe('timeout');
    expect((error as Error).name).toBe('TimeoutError');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects with the caller's reason when the caller aborts, not with a timeout", async () => {
    const caller = new AbortController();
    const pending = outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 10_000, signal: caller.signal, fetch: fakeFetch('ok', true).fn });
    const reason = new Error('caller gave up');
    caller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with the reason of an already aborted caller signal', async () => {
    const base = fakeFetch('ok', true);
    const reason = new Error('already');
    await expect(outboundFetch('http://127.0.0.1:9/x', { timeoutMs: 10_000, signal: AbortSignal.abort(reason), fetch: base.fn })).rejects.toBe(reason);
  });
});
