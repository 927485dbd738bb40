/**
 * transportFailure() against real failures on loopback: a server that never answers, one that
 * stalls the body, one that drops the connection, a closed port; plus what it must not claim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { transportFailure } from '@/lib/http';

const servers: Server[] = [];

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A loopback port nobody listens on: bound once, then closed. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should fail'),
    (err: unknown) => err,
  );
}

let silent: string;
let stalling: string;
let dropping: string;
let dead: string;
let answering: string;

beforeAll(async () => {
  silent = await listen(() => {}); // accepts, never answers
  stalling = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('partial');
  });
  dropping = await listen((req) => req.socket.destroy());
  dead = await closedPort();
  answering = await listen((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not_found"}');
  });
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('transportFailure', () => {
  it('a fetch whose AbortSignal.timeout fires before any answer → timeout', async () => {
    const started = Date.now();
    const err = await rejection(fetch(silent, { signal: AbortSignal.timeout(100) }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(transportFailure(err)).toBe('timeout');
  });

  it('a deadline that fires while the body is read → timeout', async () => {
    const response = await fetch(stalling, { signal: AbortSignal.timeout(150) });
    expect(transportFailure(await rejection(response.text()))).toBe('timeout');
  });

  it("openid-client's OAUTH_TIMEOUT (its wrapper of the TimeoutError) → timeout", async () => {
    const err = await rejection(
      client.discovery(new URL(silent), 'rp', undefined, client.None(), {
        [client.customFetch]: (url, options) => fetch(url, { ...options, body: options.body as BodyInit | undefined, signal: AbortSignal.timeout(100) }),
        execute: [client.allowInsecureRequests],
      }),
    );
    expect(err).toMatchObject({ code: 'OAUTH_TIMEOUT' });
    expect(transportFailure(err)).toBe('timeout');
  });

  it('a refused connection (closed loopback port) → unreachable, directly and through openid-client', async () => {
    expect(transportFailure(await rejection(fetch(dead)))).toBe('unreachable');
    const viaClient = await rejection(client.discovery(new URL(dead), 'rp', undefined, client.None(), { execute: [client.allowInsecureRequests] }));
    expect(transportFailure(viaClient)).toBe('unreachable');
  });

  it('a connection dropped before the answer (undici UND_ERR_SOCKET) → unreachable', async () => {
    const err = await rejection(fetch(dropping));
    expect(err).toMatchObject({ cause: { code: 'UND_ERR_SOCKET' } });
    expect(transportFailure(err)).toBe('unreachable');
  });

  it('a port fetch refuses to use (network error without a code) → unreachable', async () => {
    expect(transportFailure(await rejection(fetch('http://127.0.0.1:9/')))).toBe('unreachable');
  });

  it('members of an AggregateError (happy eyeballs) count', () => {
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED', syscall: 'connect' });
    expect(transportFailure(new TypeError('x', { cause: new AggregateError([refused]) }))).toBe('unreachable');
  });

  it('anything else → undefined: an answer, a caller abort, a bad URL, a bad request, library errors, non-errors', async () => {
    const aborted = new AbortController();
    aborted.abort();
    expect(transportFailure(await rejection(fetch(silent, { signal: aborted.signal })))).toBeUndefined();
    expect(transportFailure(await rejection(fetch('not a url')))).toBeUndefined();
    expect(transportFailure(await rejection(fetch(silent, { method: 'GET', body: 'x' })))).toBeUndefined();
    const answered = await rejection(client.discovery(new URL(answering), 'rp', undefined, client.None(), { execute: [client.allowInsecureRequests] }));
    expect(answered).toMatchObject({ code: 'OAUTH_RESPONSE_IS_NOT_CONFORM' });
    expect(transportFailure(answered)).toBeUndefined();
    // Message text never decides: these only look like transport failures.
    expect(transportFailure(new TypeError('fetch failed'))).toBeUndefined();
    expect(transportFailure(new Error('connect ECONNREFUSED 127.0.0.1:1 (timeout)'))).toBeUndefined();
    expect(transportFailure(Object.assign(new TypeError('bad arg', { cause: new Error('x') }), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeUndefined();
    for (const value of [undefined, null, 'timeout', 42, { code: 'TIMEOUT' }]) expect(transportFailure(value)).toBeUndefined();
  });

  it('a cyclic cause chain ends', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(transportFailure(a)).toBeUndefined();
  });
});
