/**
 * The browser bridge `netid-rp/cmp`, DOM-less: a fake `__tcfapi`, a Map storage and a scripted
 * route on a loopback HTTP server (real fetch, real timeouts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customPurposeSignal, startConsentSync, usercentricsInjector, type ConsentSync, type ConsentSyncOptions } from '@/lib/cmp';
import { FakeCmp, MemoryStorage, nextEvent, ok, recordEvents, startScriptedRoute, type RouteAnswer, type RouteCall } from '../helpers/fake-cmp';
import { tcString } from '../helpers/tc-strings';

const A = tcString('2026-03-01T00:00:00Z', [1]);
const B = tcString('2026-04-01T00:00:00Z', [1, 2]);

let route: Awaited<ReturnType<typeof startScriptedRoute>>;
let answer: (call: RouteCall) => RouteAnswer;
let storage: MemoryStorage;
const running: ConsentSync[] = [];

/** A route that writes whatever it is sent and holds it, like the real one without the date rules. */
function holdingRoute(): (call: RouteCall) => RouteAnswer {
  let held: string | null = null;
  return (call) => {
    const tc = call.body.tc_string as string | undefined;
    if (!tc) return ok(held ? 'stored' : 'nothing_stored', held);
    if (tc === held) return ok('unchanged', held);
    held = tc;
    return ok('written', held);
  };
}

beforeEach(async () => {
  answer = holdingRoute();
  route = await startScriptedRoute((call) => answer(call));
  storage = new MemoryStorage();
});
afterEach(async () => {
  for (const s of running.splice(0)) s.stop();
  await route.close();
});

function start(cmp: FakeCmp, options: ConsentSyncOptions = {}): ConsentSync {
  const sync = startConsentSync({ tcfapi: cmp.api, endpoint: route.url, storage, retry: { baseDelayMs: 20, maxDelayMs: 100 }, ...options });
  running.push(sync);
  return sync;
}

const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));

describe('writing a choice', () => {
  it('signed in: the choice is sent at once with the same-origin proof and the moment of the action, then cached', async () => {
    const cmp = new FakeCmp();
    const sync = start(cmp);
    await nextEvent(sync, 'synced'); // the page load's read: nothing stored
    const synced = nextEvent(sync, 'synced');
    cmp.choose(A);
    expect(await synced).toMatchObject({ result: 'written', tcString: A });
    const call = route.calls.at(-1)!;
    expect(call.method).toBe('POST');
    expect(call.headers['x-csrf']).toBe('1');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toEqual({ tc_string: A, decided_ms_ago: expect.any(Number) });
    expect(call.body.decided_ms_ago as number).toBeLessThan(1000);
    expect(storage.state()).toMatchObject({ synced: A, readAt: expect.any(Number) });
    expect(storage.state()!.pending).toBeUndefined();
  });

  it('an unchanged TC string is not sent again', async () => {
    const cmp = new FakeCmp();
    const sync = start(cmp);
    await nextEvent(sync, 'synced');
    cmp.choose(A);
    await nextEvent(sync, 'synced');
    const n = route.calls.length;
    cmp.choose(A);
    await settle();
    expect(route.calls).toHaveLength(n);
  });

  it('never sends idconsent without a mapping; with one, maps the partner signal on choices only', async () => {
    const cmp = new FakeCmp();
    const plain = start(cmp);
    await nextEvent(plain, 'synced');
    cmp.choose(A, { publisher: { customPurpose: { consents: { 1: true } } } });
    await nextEvent(plain, 'synced');
    expect(route.calls.at(-1)!.body).not.toHaveProperty('idconsent');
    plain.stop();

    const cmp2 = new FakeCmp(A);
    cmp2.extra = { publisher: { customPurpose: { consents: { 1: true } } } };
    const mapped = start(cmp2, { idConsent: customPurposeSignal(1), storage: new MemoryStorage() });
    await nextEvent(mapped, 'synced');
    expect(route.calls.at(-1)!.body).not.toHaveProperty('idconsent'); // a page load never flips it
    cmp2.choose(B, { publisher: { customPurpose: { consents: { 1: false } } } });
    await nextEvent(mapped, 'synced');
    expect(route.calls.at(-1)!.body).toMatchObject({ tc_string: B, idconsent: 'INVALID' });
  });
});

describe('page loads', () => {
  it('reads at most once per TTL: a fresh cache with the same TC string sends nothing', async () => {
    const first = start(new FakeCmp(A));
    await nextEvent(first, 'synced');
    first.stop();
    const n = route.calls.length;
    start(new FakeCmp(A));
    await settle();
    expect(route.calls).toHaveLength(n);
  });

  it('reads again once the TTL has passed, or when the session key changes', async () => {
    const first = start(new FakeCmp(A), { readTtlSeconds: 0 });
    await nextEvent(first, 'synced');
    first.stop();
    const again = start(new FakeCmp(A), { readTtlSeconds: 0 });
    await nextEvent(again, 'synced');
    expect(route.calls).toHaveLength(2);
    again.stop();
    const other = start(new FakeCmp(A), { sessionKey: 'someone else' });
    await nextEvent(other, 'synced');
    expect(route.calls).toHaveLength(3);
  });

  it('a newer stored TC string is handed to inject, and the CMP and the cache take it', async () => {
    answer = () => ok('stored_is_newer', B);
    const cmp = new FakeCmp(A);
    const injected: string[] = [];
    const sync = start(cmp, { inject: (tc) => void injected.push(tc) });
    const events = recordEvents(sync);
    await nextEvent(sync, 'synced');
    expect(route.calls[0]!.body).toEqual({ tc_string: A }); // the load's copy, without decided_ms_ago: it loses a same-day tie
    expect(injected).toEqual([B]);
    expect(events.map((e) => e.type)).toEqual(['injected', 'synced']);
    expect(storage.state()).toMatchObject({ synced: B });
  });

  it('a local choice the server lacks is written on load (tcloaded), without decided_ms_ago', async () => {
    const sync = start(new FakeCmp(A));
    expect(await nextEvent(sync, 'synced')).toMatchObject({ result: 'written', tcString: A });
    expect(route.calls[0]!.body).toEqual({ tc_string: A });
  });

  it('a stored string never overwrites a choice the user made while the read was under way', async () => {
    answer = (call) => (call.body.tc_string ? ok('written', call.body.tc_string as string) : { ...ok('stored', B), delayMs: 200 });
    const cmp = new FakeCmp();
    const injected: string[] = [];
    const sync = start(cmp, { inject: (tc) => void injected.push(tc) });
    await settle();
    cmp.choose(A);
    await new Promise<void>((resolve) => sync.addEventListener('synced', (e) => e.detail.result === 'written' && resolve()));
    expect(injected).toEqual([]);
    expect(route.calls.map((c) => c.body.tc_string)).toEqual([undefined, A]);
  });

  it('an inject that throws is a failed event, nothing else', async () => {
    answer = () => ok('stored', B);
    const sync = start(new FakeCmp(), {
      inject: () => {
        throw new Error('CMP refused');
      },
    });
    expect(await nextEvent(sync, 'failed')).toMatchObject({ code: 'inject_failed', retryInMs: null });
  });
});

describe('signed out or token expired: kept pending, written after the next sign-in', () => {
  it('401 unauthenticated: pending event, the choice is stored first-party without any token', async () => {
    answer = () => ({ status: 401, body: { error: 'unauthenticated', message: 'You are not signed in.' } });
    const cmp = new FakeCmp();
    const sync = start(cmp);
    await settle();
    const pending = nextEvent(sync, 'pending');
    cmp.choose(A);
    expect(await pending).toEqual({ reason: 'unauthenticated' });
    const kept = storage.state()!;
    expect(kept.pending).toMatchObject({ tc: A, at: expect.any(Number) });
    expect(Object.keys(kept).sort()).toEqual(['pending']);
    sync.stop();
    // The choice was made a minute before the next page load.
    storage.setItem('netid-rp:cmp', JSON.stringify({ pending: { tc: A, at: Date.now() - 60_000 } }));

    // The next page load after signing in: written without asking the user again.
    answer = holdingRoute();
    const later = start(new FakeCmp(A));
    expect(await nextEvent(later, 'synced')).toMatchObject({ result: 'written', tcString: A });
    const age = route.calls.at(-1)!.body.decided_ms_ago as number;
    expect(route.calls.at(-1)!.body).toMatchObject({ tc_string: A });
    expect(age).toBeGreaterThanOrEqual(60_000);
    expect(age).toBeLessThan(65_000);
    expect(storage.state()!.pending).toBeUndefined();
  });

  it('401 permission_token_expired: pending with the sign-in path the route gave', async () => {
    answer = () => ({ status: 401, body: { error: 'permission_token_expired', reauthenticate: '/api/auth/login?flow=login-permission&returnTo=%2F' } });
    const cmp = new FakeCmp();
    const sync = start(cmp);
    await settle();
    const pending = nextEvent(sync, 'pending');
    cmp.choose(A);
    expect(await pending).toEqual({ reason: 'permission_token_expired', reauthenticate: '/api/auth/login?flow=login-permission&returnTo=%2F' });
  });

  it('signedIn: false sends nothing until flush()', async () => {
    const cmp = new FakeCmp();
    const sync = start(cmp, { signedIn: false });
    const pending = nextEvent(sync, 'pending');
    await settle();
    cmp.choose(A);
    expect(await pending).toEqual({ reason: 'not_signed_in' });
    expect(route.calls).toHaveLength(0);
    await sync.flush();
    expect(route.calls.map((c) => c.body.tc_string)).toEqual([A]);
  });
});

describe('account gone, failures, never throwing', () => {
  it('410 account_gone: local state purged', async () => {
    answer = () => ({ status: 410, body: { error: 'account_gone' } });
    storage.setItem('netid-rp:cmp', JSON.stringify({ synced: B, readAt: 1, pending: { tc: A, at: 1 } }));
    const sync = start(new FakeCmp(A));
    expect(await nextEvent(sync, 'purged')).toEqual({ reason: 'account_gone' });
    expect(storage.map.has('netid-rp:cmp')).toBe(false);
  });

  it('503 then back: failed with a retry time (at least Retry-After), then written; the choice was kept meanwhile', async () => {
    let down = 2;
    const inner = holdingRoute();
    answer = (call) => (down-- > 0 ? { status: 503, body: { error: 'permission_center_unreachable' }, headers: { 'retry-after': '0' } } : inner(call));
    const cmp = new FakeCmp();
    const sync = start(cmp, { signedIn: false });
    const events = recordEvents(sync);
    await settle();
    cmp.choose(A);
    const synced = nextEvent(sync, 'synced');
    void sync.flush();
    expect(await synced).toMatchObject({ result: 'written' });
    const failed = events.filter((e) => e.type === 'failed').map((e) => e.detail as { code: string; retryInMs: number });
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ code: 'permission_center_unreachable', status: 503 });
    expect(failed[0]!.retryInMs).toBeGreaterThanOrEqual(20);
    expect(failed[1]!.retryInMs).toBeGreaterThanOrEqual(40);
  });

  it('down for good: retries are bounded, the last failed event says so, the choice stays stored', async () => {
    answer = () => ({ status: 502, body: { error: 'permission_center_error' } });
    const sync = start(new FakeCmp(), { signedIn: false, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
    const events = recordEvents(sync);
    const gaveUp = new Promise<void>((resolve) => sync.addEventListener('failed', (e) => e.detail.retryInMs === null && resolve()));
    // flush with nothing pending is a read: three tries, then a final failed.
    void sync.flush();
    await gaveUp;
    expect(route.calls).toHaveLength(3);
    expect(events.filter((e) => e.type === 'failed').map((e) => (e.detail as { retryInMs: number | null }).retryInMs === null)).toEqual([false, false, true]);
    await settle(100);
    expect(route.calls).toHaveLength(3);
  });

  it('a slow route: the call times out as a failed event; the CMP callback returned at once', async () => {
    answer = () => ({ ...ok('written', A), delayMs: 2000 });
    const cmp = new FakeCmp();
    const sync = start(cmp, { timeoutMs: 100, retry: { attempts: 1 } });
    await settle();
    const failed = nextEvent(sync, 'failed');
    const t0 = performance.now();
    cmp.choose(A);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(await failed).toMatchObject({ code: 'timeout', retryInMs: null });
    expect(storage.state()!.pending).toMatchObject({ tc: A });
  });

  it('never throws into the CMP: broken storage, a throwing mapping, a throwing fetch', async () => {
    storage.broken = true;
    const cmp = new FakeCmp();
    const sync = start(cmp, {
      idConsent: () => {
        throw new Error('mapping bug');
      },
      fetch: () => {
        throw new Error('fetch bug');
      },
      retry: { attempts: 1 },
    });
    const failed = nextEvent(sync, 'failed');
    expect(() => cmp.choose(A)).not.toThrow();
    expect(await failed).toMatchObject({ code: 'network_error' });
  });

  it('a 400 (the route refused the TC string) drops the pending choice: sending it again cannot help', async () => {
    answer = () => ({ status: 400, body: { error: 'invalid_tc_string' } });
    const cmp = new FakeCmp();
    const sync = start(cmp);
    await settle();
    const failed = nextEvent(sync, 'failed');
    cmp.choose(A);
    expect(await failed).toMatchObject({ code: 'invalid_tc_string', status: 400, retryInMs: null });
    expect(storage.state()!.pending).toBeUndefined();
  });

  it('stop() removes the CMP listener; later choices are ignored', async () => {
    const cmp = new FakeCmp();
    const sync = start(cmp);
    await nextEvent(sync, 'synced');
    sync.stop();
    expect(cmp.removed).toEqual([1]);
    cmp.choose(A);
    await settle();
    expect(route.calls).toHaveLength(1);
  });

  it('waits for window.__tcfapi, bounded: no CMP is a failed event', async () => {
    const sync = startConsentSync({ endpoint: route.url, storage, cmpWaitMs: 300 });
    running.push(sync);
    expect(await nextEvent(sync, 'failed')).toEqual({ code: 'no_cmp', retryInMs: null });
  });

  it('a tampered stored item reads as what is well-formed; an oversized TC string is never stored', async () => {
    storage.setItem('netid-rp:cmp', '{"synced":42,"readAt":"soon","pending":{"tc":"x"},"token":"secret"}');
    const cmp = new FakeCmp();
    const sync = start(cmp, { signedIn: false });
    await settle();
    cmp.choose('C'.repeat(9000));
    await settle();
    expect(storage.state()).toMatchObject({ token: 'secret' }); // nothing to write yet: untouched
    cmp.choose(A);
    expect(storage.state()).toEqual({ pending: { tc: A, at: expect.any(Number) } });
    sync.stop();
  });
});

describe('usercentricsInjector', () => {
  afterEach(() => {
    delete (globalThis as { UC_UI?: unknown }).UC_UI;
  });

  it('calls UC_UI.injectTCString once it appears; false or absence rejects', async () => {
    const seen: string[] = [];
    setTimeout(() => {
      (globalThis as { UC_UI?: unknown }).UC_UI = { injectTCString: async (tc: string) => (seen.push(tc), true) };
    }, 150);
    await usercentricsInjector({ waitMs: 2000 })(A);
    expect(seen).toEqual([A]);
    (globalThis as { UC_UI?: unknown }).UC_UI = { injectTCString: async () => false };
    await expect(usercentricsInjector()(A)).rejects.toThrow(/refused/);
    delete (globalThis as { UC_UI?: unknown }).UC_UI;
    await expect(usercentricsInjector({ waitMs: 200 })(A)).rejects.toThrow(/not available/);
  });
});
