/**
 * The BFF proxy's browser hardening: every method needs `X-CSRF: 1` from our own origin (a
 * cross-site GET never reaches the upstream), the upstream cannot make our answer cacheable, and
 * its answer is bounded in size.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { optionsFromEnv } from '@/lib/auth';
import { createUpstreamProxy } from '@/lib/bff';
import { startEmbeddedOidcStack, type EmbeddedOidcStack } from 'netid-rp-testing';
import { RpBrowser } from '../helpers/rp-browser';
import { rp } from '../helpers/embedded-broker';

const APP_URL = 'http://127.0.0.1:3996';
let stack: EmbeddedOidcStack;
let fake: Server | undefined;

beforeAll(async () => {
  stack = await startEmbeddedOidcStack({ appUrl: APP_URL, accessTokenTtl: 300 });
});
afterEach(async () => {
  await new Promise<void>((r) => (fake ? fake.close(() => r()) : r()));
  fake = undefined;
});
afterAll(async () => {
  await stack?.close();
});

async function signedIn(env: Record<string, string> = {}) {
  const { auth } = rp(optionsFromEnv({ ...stack.env, SESSION_PASSWORD: 'upstream-test-session-password-0123456789', ...env }));
  const b = new RpBrowser(auth, APP_URL);
  await b.signIn();
  return b;
}

const call = (b: RpBrowser, headers: Record<string, string>, init: RequestInit = {}, path = 'me') =>
  createUpstreamProxy(b.auth)(new Request(`${APP_URL}/api/upstream/${path}`, { ...init, headers: { ...headers, cookie: b.jar.header() } }), path);

/** A local upstream that answers every request with `answer`. */
async function fakeUpstream(answer: (res: ServerResponse) => void): Promise<{ url: string; hits: number }> {
  const state = { url: '', hits: 0 };
  fake = createServer((_req, res) => {
    state.hits++;
    answer(res);
  });
  await new Promise<void>((r) => fake!.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  return state;
}

describe('the upstream proxy refuses calls that are not from our pages', () => {
  it('a cross-site GET (a link, an image, a navigation) is refused and never reaches the upstream', async () => {
    const b = await signedIn();
    const before = stack.upstream.requests.length;
    for (const headers of <Array<Record<string, string>>>[
      {}, // no proof at all (an <img>, a link in an old browser)
      { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      { 'sec-fetch-site': 'same-site', 'x-csrf': '1' }, // a sibling site cannot borrow the header either
      { 'sec-fetch-site': 'cross-site', 'x-csrf': '1' },
      { origin: 'https://evil.example', 'x-csrf': '1' },
      { 'x-csrf': 'yes' },
    ]) {
      const res = await call(b, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect((await res.json()).error).toMatch(/^(csrf_header_missing|cross_site_request)$/);
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expect((await call(b, { 'sec-fetch-site': 'same-site' }, { method, body: method === 'DELETE' ? undefined : '{}' })).status).toBe(403);
      expect((await call(b, {}, { method, body: method === 'DELETE' ? undefined : '{}' })).status).toBe(403);
    }
    expect(stack.upstream.requests.length).toBe(before);
  });

  it('a same-origin call with X-CSRF: 1 is forwarded', async () => {
    const b = await signedIn();
    const res = await call(b, { 'x-csrf': '1', 'sec-fetch-site': 'same-origin', origin: new URL(APP_URL).origin });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const post = await call(b, { 'x-csrf': '1' }, { method: 'POST', body: '{}' });
    expect(post.status).toBe(200);
  });

  it('a call the browser marks Sec-Fetch-Site: same-origin is forwarded without the header (the design contract: either proof)', async () => {
    const b = await signedIn();
    for (const method of ['GET', 'POST']) {
      const res = await call(b, { 'sec-fetch-site': 'same-origin' }, { method, body: method === 'GET' ? undefined : '{}' });
      expect(res.status, method).toBe(200);
    }
  });
});

describe("the upstream's answer", () => {
  it('Cache-Control: public from the upstream is answered no-store', async () => {
    const api = await fakeUpstream((res) => res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' }).end('{"ok":true}'));
    const b = await signedIn({ UPSTREAM_API_URL: api.url });
    const res = await call(b, { 'x-csrf': '1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('an answer over 1 MiB is refused with upstream_response_too_large, declared or streamed', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const declared = await fakeUpstream((res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-length': big.length }).end(big));
    const b = await signedIn({ UPSTREAM_API_URL: declared.url });
    const res = await call(b, { 'x-csrf': '1' });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: 'upstream_response_too_large' });
    await new Promise<void>((r) => fake!.close(() => r()));

    const streamed = await fakeUpstream((res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no length announced
      for (let i = 0; i < 17; i++) res.write(Buffer.alloc(64 * 1024, 'b'));
      res.end();
    });
    const c = await signedIn({ UPSTREAM_API_URL: streamed.url });
    const res2 = await call(c, { 'x-csrf': '1' });
    expect(res2.status).toBe(502);
    expect(await res2.json()).toMatchObject({ error: 'upstream_response_too_large' });
  });

  it('an answer of exactly 1 MiB is passed back whole', async () => {
    const body = Buffer.alloc(1024 * 1024, 'c');
    const api = await fakeUpstream((res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body));
    const b = await signedIn({ UPSTREAM_API_URL: api.url });
    const res = await call(b, { 'x-csrf': '1' });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(body.length);
  });

  it('204 and 304 (a conditional GET the browser revalidates) are passed back without a body, not as 502', async () => {
    let status = 204;
    const api = await fakeUpstream((res) => res.writeHead(status, status === 304 ? { etag: '"v1"' } : {}).end());
    const b = await signedIn({ UPSTREAM_API_URL: api.url });
    const empty = await call(b, { 'x-csrf': '1' }, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    status = 304;
    const unchanged = await call(b, { 'x-csrf': '1', 'if-none-match': '"v1"' });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe('"v1"');
    expect(unchanged.headers.get('cache-control')).toBe('no-store');
    expect(api.hits).toBe(2);
  });
});
