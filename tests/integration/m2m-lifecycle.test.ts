import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenSource, M2MError } from '@/lib/m2m';
import { profiles, startM2MSims, type M2MSims } from '../helpers/m2m-sims';

let sims: M2MSims;
beforeAll(async () => {
  sims = await startM2MSims();
});
afterAll(() => sims.close());
beforeEach(() => {
  for (const sim of [sims.duende, sims.se, sims.ishare]) {
    sim.resetStats();
    sim.apiMode = 'check';
  }
  sims.se.forceStatus = null;
  sims.se.expiresIn = 604_800;
});

describe('cache and single-flight, counted at the server', () => {
  it('a second getToken is a cache hit', async () => {
    const source = createTokenSource(profiles.se(sims));
    const a = await source.getToken();
    const b = await source.getToken();
    expect(b.accessToken).toBe(a.accessToken);
    expect(sims.se.stats.token).toBe(1);
  });

  it('200 concurrent getToken() make one token request (and one discovery)', async () => {
    const source = createTokenSource(profiles.duendePost(sims));
    const tokens = await Promise.all(Array.from({ length: 200 }, () => source.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(sims.duende.stats.token).toBe(1);
    expect(sims.duende.stats.discovery).toBe(1);
  });

  it('200 concurrent getToken() against iSHARE make one request (one assertion)', async () => {
    const source = createTokenSource(profiles.ishare(sims));
    await Promise.all(Array.from({ length: 200 }, () => source.getToken()));
    expect(sims.ishare.stats.token).toBe(1);
  });

  it('a different scope is a different cache entry', async () => {
    const source = createTokenSource(profiles.se(sims));
    await source.getToken();
    await source.getToken({ scope: 'inspect' });
    await source.getToken({ scope: 'inspect' });
    expect(sims.se.stats.token).toBe(2);
  });

  it('a failure rejects every waiter, is not cached, and the next call tries again', async () => {
    const source = createTokenSource(profiles.se(sims));
    sims.se.forceStatus = 500;
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => source.getToken()));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof M2MError && r.reason.status === 500)).toBe(true);
    expect(sims.se.stats.token).toBe(1);
    await expect(source.getToken()).rejects.toMatchObject({ code: 'token_endpoint_error' });
    expect(sims.se.stats.token).toBe(2);
    sims.se.forceStatus = null;
    await expect(source.getToken()).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(sims.se.stats.token).toBe(3);
  });
});

describe('renewal ahead of expiry (fake clock)', () => {
  it('renews 60 s before expiry of a one-hour token', async () => {
    let now = 1_700_000_000_000;
    sims.se.expiresIn = 3600;
    const source = createTokenSource(profiles.se(sims), { now: () => now });
    const first = await source.getToken();
    expect(first.expiresAt).toBe(now + 3_600_000);
    now += (3600 - 61) * 1000;
    expect((await source.getToken()).accessToken).toBe(first.accessToken);
    expect(sims.se.stats.token).toBe(1);
    now += 2000;
    await source.getToken();
    expect(sims.se.stats.token).toBe(2);
  });

  it('renews a short-lived token a quarter of its lifetime early (100 s → after 75 s)', async () => {
    let now = 1_700_000_000_000;
    sims.se.expiresIn = 100;
    const source = createTokenSource(profiles.se(sims), { now: () => now });
    await source.getToken();
    now += 74_000;
    await source.getToken();
    expect(sims.se.stats.token).toBe(1);
    now += 2000;
    await source.getToken();
    expect(sims.se.stats.token).toBe(2);
  });

  it('the buffer is configurable', async () => {
    let now = 1_700_000_000_000;
    sims.se.expiresIn = 3600;
    const source = createTokenSource(profiles.se(sims), { now: () => now, renewBeforeExpirySeconds: 600 });
    await source.getToken();
    now += 3001_000;
    await source.getToken();
    expect(sims.se.stats.token).toBe(2);
  });
});

describe('source.fetch', () => {
  it('attaches the token; on 401 renews once and retries once', async () => {
    const source = createTokenSource(profiles.se(sims));
    const old = await source.getToken();
    sims.se.revokeAll();
    const res = await source.fetch(sims.se.apiUrl, { headers: { authorization: 'Bearer overridden', 'x-keep': '1' } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token_suffix: string };
    const fresh = await source.getToken();
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(body.token_suffix).toBe(fresh.accessToken.slice(-6));
    expect(sims.se.stats).toEqual({ token: 2, api: 2 });
  });

  it('never loops: an API that always says 401 costs two calls and one renewal, and the 401 is returned', async () => {
    const source = createTokenSource(profiles.duendePost(sims));
    sims.duende.apiMode = 'always_401';
    const res = await source.fetch(sims.duende.apiUrl);
    expect(res.status).toBe(401);
    expect(sims.duende.stats.api).toBe(2);
    expect(sims.duende.stats.token).toBe(2);
  });

  it('20 concurrent requests hitting 401 share one renewal', async () => {
    const source = createTokenSource(profiles.se(sims));
    await source.getToken();
    sims.se.revokeAll();
    const statuses = await Promise.all(Array.from({ length: 20 }, () => source.fetch(sims.se.apiUrl).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(sims.se.stats.token).toBe(2);
  });

  it('does not retry a request whose stream body is spent', async () => {
    const source = createTokenSource(profiles.se(sims));
    sims.se.apiMode = 'always_401';
    const body = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('x')), c.close()) });
    const res = await source.fetch(sims.se.apiUrl, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(401);
    expect(sims.se.stats.api).toBe(1);
  });

  it('an API slower than apiTimeoutMs → TimeoutError', async () => {
    const slow = createServer((_req, res) => void setTimeout(() => res.end('late'), 1000));
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const source = createTokenSource(profiles.se(sims), { apiTimeoutMs: 100 });
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
      await expect(source.fetch(url)).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });
});
