/**
 * The browser bridge end to end without a browser: two "devices" (each its own fake CMP, storage
 * and real signed-in session of the same user) run `startConsentSync` against the real
 * `/api/permissions/tcf` handlers and the Permission Center simulator.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startConsentSync, type ConsentSync } from '@/lib/cmp';
import { createTcfSyncRoutes } from '@/lib/permission-center';
import { APP_URL } from '../helpers/embedded-broker';
import { FakeCmp, MemoryStorage, nextEvent } from '../helpers/fake-cmp';
import type { RpBrowser } from '../helpers/rp-browser';
import { signedInBrowser, simulatorClient, startPermissionCenterStack, type PermissionCenterStack } from '../helpers/permission-center';
import { tcString } from '../helpers/tc-strings';

let stack: PermissionCenterStack;
const running: ConsentSync[] = [];
const today = new Date(new Date().toISOString().slice(0, 10));
const ACCEPT = tcString(today, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const REJECT = tcString(today, []);
const LAST_MONTH = tcString(new Date(today.getTime() - 30 * 86_400_000), [1]);

beforeAll(async () => {
  stack = await startPermissionCenterStack();
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => stack.sim.reset());
afterEach(() => {
  for (const s of running.splice(0)) s.stop();
  stack.sim.resetFaults();
});

/** A device: a browser session (or none yet), a CMP, first-party storage; `load()` is a page load. */
class Device {
  readonly storage = new MemoryStorage();
  cmp = new FakeCmp();
  constructor(public browser: RpBrowser | null) {}

  readonly fetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('origin', APP_URL);
    if (this.browser) headers.set('cookie', this.browser.jar.header());
    const routes = createTcfSyncRoutes(this.browser?.auth ?? signedOutAuth!, { client: simulatorClient(stack.sim, { PERMISSION_CENTER_TIMEOUT_MS: '300' }), log: () => {} });
    const res = await routes.POST(new Request(new URL(String(input), APP_URL), { ...init, headers }));
    this.browser?.jar.store(res);
    return res;
  };

  load(): ConsentSync {
    this.cmp = new FakeCmp(this.cmp.tcString);
    const sync = startConsentSync({
      tcfapi: this.cmp.api,
      fetch: this.fetch,
      storage: this.storage,
      readTtlSeconds: 0,
      inject: (tc) => void (this.cmp.tcString = tc),
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 400 },
    });
    running.push(sync);
    return sync;
  }
}

let signedOutAuth: RpBrowser['auth'] | undefined;
const storedAtPc = () => stack.sim.status(stack.broker.users.max!.sub, 'rp-basic')?.iab_tcstring?.value;

describe('two devices of one user', () => {
  it('A accepts → stored; B loads → gets it injected; B rejects → A gets the newer choice on its next load', async () => {
    const a = new Device(await signedInBrowser(stack.broker));
    const b = new Device(await signedInBrowser(stack.broker));

    const syncA = a.load();
    expect(await nextEvent(syncA, 'synced')).toMatchObject({ result: 'nothing_stored' });
    const written = nextEvent(syncA, 'synced');
    a.cmp.choose(ACCEPT);
    expect(await written).toMatchObject({ result: 'written' });
    expect(storedAtPc()).toBe(ACCEPT);

    const syncB = b.load();
    expect(await nextEvent(syncB, 'injected')).toEqual({ tcString: ACCEPT });
    expect(b.cmp.tcString).toBe(ACCEPT);

    // Same day as A's choice: B's later user action wins the tie.
    await new Promise((r) => setTimeout(r, 20));
    const rejected = nextEvent(syncB, 'synced');
    b.cmp.choose(REJECT);
    expect(await rejected).toMatchObject({ result: 'written' });
    expect(storedAtPc()).toBe(REJECT);

    syncA.stop();
    const again = a.load();
    expect(await nextEvent(again, 'injected')).toEqual({ tcString: REJECT });
    expect(storedAtPc()).toBe(REJECT);
  });

  it('a stale device (a choice from last month) cannot overwrite, and takes the stored one', async () => {
    const a = new Device(await signedInBrowser(stack.broker));
    const syncA = a.load();
    await nextEvent(syncA, 'synced');
    a.cmp.choose(ACCEPT);
    await nextEvent(syncA, 'synced');

    const old = new Device(await signedInBrowser(stack.broker));
    old.cmp.tcString = LAST_MONTH;
    const sync = old.load();
    expect(await nextEvent(sync, 'injected')).toEqual({ tcString: ACCEPT });
    expect(storedAtPc()).toBe(ACCEPT);
  });

  it('a choice made while signed out is written after the next sign-in, without asking again', async () => {
    const a = new Device(null);
    signedOutAuth = (await signedInBrowser(stack.broker)).auth;
    const sync = a.load();
    await new Promise((r) => setTimeout(r, 50));
    const pending = nextEvent(sync, 'pending');
    a.cmp.choose(ACCEPT);
    expect(await pending).toEqual({ reason: 'unauthenticated' });
    expect(storedAtPc()).toBeUndefined();
    sync.stop();

    a.browser = await signedInBrowser(stack.broker);
    const next = a.load();
    expect(await nextEvent(next, 'synced')).toMatchObject({ result: 'written', tcString: ACCEPT });
    expect(storedAtPc()).toBe(ACCEPT);
  });

  it('the Permission Center down: the CMP goes on, failures are events, the write lands once it is back', async () => {
    const a = new Device(await signedInBrowser(stack.broker));
    const sync = a.load();
    await nextEvent(sync, 'synced');
    stack.sim.faults.fail = 'drop_connection';
    const failed = nextEvent(sync, 'failed');
    a.cmp.choose(ACCEPT);
    expect(await failed).toMatchObject({ code: 'permission_center_unreachable', status: 502, retryInMs: expect.any(Number) });
    stack.sim.resetFaults();
    expect(await nextEvent(sync, 'synced', 8000)).toMatchObject({ result: 'written' });
    expect(storedAtPc()).toBe(ACCEPT);
  });
});
