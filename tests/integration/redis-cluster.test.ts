/**
 * The Redis session store, refresh coordinator and M2M token cache on a real 3-master Redis
 * Cluster (Debian's redis-server, created with redis-cli here), each instance with its own
 * Cluster client from `createRedisClient([url1, url2, url3])`. The keys are checked on the nodes
 * themselves: they spread over the masters, and the keys of one lock and its result share a slot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { decodeJwt } from 'jose';
import { createNetIdAuth, optionsFromEnv, requestCookies, type NetIdAuth } from '@/lib/auth';
import { createTokenSource } from '@/lib/m2m';
import { closeSharedRedisClients, createRedisClient, createRedisRefreshCoordinator, createRedisSessionStore, createRedisTokenCache, withRedis, type RedisClient } from '@/lib/redis';
import { startEmbeddedOidcStack, type EmbeddedOidcStack } from 'netid-rp-testing';
import { backchannelLogout, logoutClaims } from '../helpers/backchannel-logout';
import { profiles, startM2MSims, type M2MSims } from '../helpers/m2m-sims';
import { startTestRedisCluster, type TestRedisCluster } from '../helpers/redis-cluster';
import { RpBrowser } from '../helpers/rp-browser';
import { settlesWithin } from '../helpers/settles-within';

const APP_URL = 'http://127.0.0.1:3597';
const PASSWORD = 'redis-cluster-test-session-password-0123456789';
const COMMAND_TIMEOUT = 1000;

let cluster: TestRedisCluster;
let stack: EmbeddedOidcStack;
let sims: M2MSims;
const clients: RedisClient[] = [];
let a: NetIdAuth;
let b: NetIdAuth;

function client(): RedisClient {
  const c = createRedisClient(cluster.urls, { log: () => {}, commandTimeoutMs: COMMAND_TIMEOUT });
  clients.push(c);
  return c;
}

function instance(): NetIdAuth {
  const redis = client();
  const options = optionsFromEnv({ ...stack.env, SESSION_PASSWORD: PASSWORD, NETID_HTTP_TIMEOUT_MS: '1000' });
  return createNetIdAuth({
    ...options,
    session: { ...options.session, store: createRedisSessionStore({ redis }) },
    refreshCoordinator: createRedisRefreshCoordinator({ redis, secret: PASSWORD, lockTtlMs: 2000 }),
    log: () => {},
  });
}

/** Runs `use` with a plain (non-cluster) connection to each node: what each master itself holds. */
async function onEachNode<T>(use: (node: Redis) => Promise<T>): Promise<T[]> {
  const direct = cluster.urls.map((url) => new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 }));
  try {
    return await Promise.all(direct.map(use));
  } finally {
    for (const d of direct) d.disconnect();
  }
}

const keysOnEachNode = (pattern: string) => onEachNode((node) => node.keys(pattern));

async function slotOf(key: string): Promise<number> {
  return (await cluster.ownerOf(key)).slot;
}

beforeAll(async () => {
  [cluster, stack, sims] = await Promise.all([startTestRedisCluster(), startEmbeddedOidcStack({ appUrl: APP_URL }), startM2MSims()]);
  a = instance();
  b = instance();
}, 60_000);
afterAll(async () => {
  await Promise.all([...clients.map((c) => c.quit().catch(() => c.disconnect())), closeSharedRedisClients()]);
  await Promise.all([stack?.close(), sims?.close()]);
  await cluster?.close();
});

async function signedIn(auth: NetIdAuth, user = 'max'): Promise<RpBrowser> {
  const browser = new RpBrowser(auth, APP_URL);
  const res = await browser.signIn('', { user });
  expect(res.headers.get('location')).toBe('/');
  return browser;
}

const readOn = (auth: NetIdAuth, cookieHeader: string) => auth.session(new Request(`${APP_URL}/api/auth/session`, { headers: { cookie: cookieHeader } }));

describe('server-side sessions on a Redis Cluster', () => {
  it('sessions signed in on one instance read on the other, and their keys spread over more than one master', async () => {
    const browsers = await Promise.all(Array.from({ length: 12 }, (_, i) => signedIn(i % 2 ? a : b, i % 3 ? 'max' : 'erika')));
    for (const [i, browser] of browsers.entries()) {
      const res = await readOn(i % 2 ? b : a, browser.jar.header());
      expect(res.status).toBe(200);
    }
    const perNode = await keysOnEachNode('netid:session:*');
    expect(perNode.flat().length).toBeGreaterThanOrEqual(12);
    expect(perNode.filter((keys) => keys.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('SESSION_STORE=redis with REDIS_URL as the comma-separated node list: the sessions live on the cluster', async () => {
    const options = optionsFromEnv({ ...stack.env, SESSION_PASSWORD: PASSWORD, SESSION_STORE: 'redis', REDIS_URL: cluster.urls.join(', ') });
    const fromEnv = createNetIdAuth(withRedis({ ...options, log: () => {} }));
    const before = (await keysOnEachNode('netid:session:*')).flat().length;
    const browser = await signedIn(fromEnv);
    expect((await keysOnEachNode('netid:session:*')).flat()).toHaveLength(before + 1);
    // An instance with its own Cluster client reads it: one store, wherever it was configured.
    expect((await readOn(a, browser.jar.header())).status).toBe(200);
    expect((await readOn(fromEnv, browser.jar.header())).status).toBe(200);
  });

  it('logout on one instance ends the session on the other (destroy)', async () => {
    const browser = await signedIn(a);
    const cookie = browser.jar.header();
    expect((await readOn(b, cookie)).status).toBe(200);
    const out = await browser.call('logout', '/api/auth/logout', { method: 'POST', headers: { origin: APP_URL } });
    expect(out.status).toBe(303);
    expect((await readOn(b, cookie)).status).toBe(401);
    expect((await readOn(a, cookie)).status).toBe(401);
  });

  it('"sign out everywhere" (endSessions by sub) ends every session of the user, wherever its keys live, and only theirs', async () => {
    const mine = await Promise.all(Array.from({ length: 6 }, (_, i) => signedIn(i % 2 ? a : b)));
    const other = await signedIn(a, 'erika');
    const sub = (await a.getSession(requestCookies(mine[0]!.jar.header())))!.user!.sub;
    expect(await b.signOutEverywhere(sub)).toBeGreaterThanOrEqual(6);
    for (const browser of mine) expect((await readOn(a, browser.jar.header())).status).toBe(401);
    expect((await readOn(b, other.jar.header())).status).toBe(200);
  });

  it('a back-channel logout by sid (endSessions by sid) ends that session only; its replay is refused (claimOnce)', async () => {
    const browser = await signedIn(a);
    const bystander = await signedIn(b);
    const session = (await a.getSession(requestCookies(browser.jar.header())))!;
    const sid = decodeJwt(session.tokens!.idToken!).sid;
    expect(sid).toBeTruthy();
    const token = await stack.provider.signJwt(logoutClaims(stack, { sid, sub: session.user!.sub }), 'logout+jwt');
    expect((await backchannelLogout(b, APP_URL, token)).status).toBe(200);
    expect((await readOn(a, browser.jar.header())).status).toBe(401);
    expect((await readOn(a, bystander.jar.header())).status).toBe(200);
    const replay = await backchannelLogout(a, APP_URL, token);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'logout_token_invalid' });
  });
});

describe('shared locks on a Redis Cluster', () => {
  it('50 concurrent run() over two coordinators with their own clients make one refresh; lock and result share a slot', async () => {
    const [one, two] = [0, 1].map(() => createRedisRefreshCoordinator({ redis: client(), secret: PASSWORD, lockTtlMs: 2000 }));
    let calls = 0;
    let lockKeys: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? one : two)!.run('rt-cluster-shared', async () => {
          calls += 1;
          lockKeys = (await keysOnEachNode('netid:refresh:*:lock')).flat();
          return { access: `at-${calls}` };
        }),
      ),
    );
    expect(calls).toBe(1);
    expect(new Set(results.map((r) => r.access))).toEqual(new Set(['at-1']));
    const resultKeys = (await keysOnEachNode('netid:refresh:*:result')).flat();
    expect(lockKeys).toHaveLength(1);
    expect(resultKeys).toHaveLength(1);
    expect(await slotOf(lockKeys[0]!)).toBe(await slotOf(resultKeys[0]!));
  });

  it('200 concurrent getToken() over two M2M caches with their own clients make one token request; token and lock share a slot', async () => {
    sims.duende.resetStats();
    const sources = [0, 1].map(() => createTokenSource(profiles.duendePost(sims), { cache: createRedisTokenCache({ redis: client(), secret: PASSWORD, log: () => {} }) }));
    const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => sources[i % 2]!.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(sims.duende.stats.token).toBe(1);
    const [tokenKey, ...more] = (await keysOnEachNode('netid:m2m:*:token')).flat();
    expect(more).toEqual([]);
    expect(await slotOf(tokenKey!)).toBe(await slotOf(tokenKey!.replace(/:token$/, ':lock')));
  });
});

describe('Redis Cluster faults', () => {
  it('one master stopped: reading a session whose key it holds fails within bounded time as session_store_unavailable; back, it reads again', async () => {
    const browser = await signedIn(a);
    const cookie = browser.jar.header();
    const before = new Set((await keysOnEachNode('netid:session:*')).flat());
    const probe = await signedIn(b);
    const key = (await keysOnEachNode('netid:session:*')).flat().find((k) => !before.has(k))!;
    expect(key).toBeTruthy();
    const { node } = await cluster.ownerOf(key);
    const events: Array<{ event: string; detail: Record<string, unknown> }> = [];
    const watched = createRedisClient(cluster.urls, { log: (event, detail) => events.push({ event, detail }), commandTimeoutMs: COMMAND_TIMEOUT });
    clients.push(watched);
    expect(await watched.exists(key)).toBe(1);
    await node.stop();
    try {
      await expect(watched.get(key)).rejects.toThrow();
      // The Cluster stays ready: only the node's outage is reported, once, by address and code.
      expect(events.filter((e) => e.event === 'redis_node_unavailable')).toEqual([{ event: 'redis_node_unavailable', detail: { node: `127.0.0.1:${node.port}`, code: 'ECONNREFUSED' } }]);
      await expect(watched.get(key)).rejects.toThrow();
      expect(events.filter((e) => e.event === 'redis_node_unavailable')).toHaveLength(1);
      const started = performance.now();
      await expect(settlesWithin(b.getSession(requestCookies(probe.jar.header())), 10_000)).rejects.toMatchObject({ name: 'AuthError', code: 'session_store_unavailable' });
      // Well inside storeCall's own 5 s deadline: the command deadline of the Cluster client held.
      expect(performance.now() - started).toBeLessThan(3 * COMMAND_TIMEOUT);
      const res = await settlesWithin(readOn(a, probe.jar.header()), 10_000);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'session_store_unavailable' });
    } finally {
      await node.start();
    }
    await cluster.waitHealthy();
    const back = await settlesWithin(
      (async () => {
        for (let i = 0; i < 100; i++) {
          const res = await readOn(b, probe.jar.header());
          if (res.status !== 503) return res;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('the cluster never came back');
      })(),
    );
    expect(back.status).toBe(200);
    expect((await readOn(b, cookie)).status).toBe(200);
    for (let i = 0; i < 100 && !events.some((e) => e.event === 'redis_node_recovered'); i++) {
      await watched.get(key).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(events.filter((e) => e.event === 'redis_node_recovered')).toEqual([{ event: 'redis_node_recovered', detail: { node: `127.0.0.1:${node.port}` } }]);
    expect(events.map((e) => e.event)).not.toContain('redis_unavailable');
  });

  it('every master stopped: a command of a client started meanwhile (queued by the Cluster client itself) still fails at its command deadline', async () => {
    for (const node of cluster.nodes) await node.stop();
    // An app that starts during the outage: no slot map yet, so the Cluster client queues every command.
    const fresh = client();
    const started = performance.now();
    await expect(settlesWithin(fresh.get('netid:probe'), 10_000)).rejects.toThrow('Command timed out');
    expect(performance.now() - started).toBeLessThan(3 * COMMAND_TIMEOUT);
  });
});
