/**
 * outboundText against a real loopback HTTP server: the same deadline, abort, failure and size
 * behaviour as a fetch with AbortSignal.timeout and a bounded body read.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundText, transportFailure } from '@/lib/http';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const routes: Record<string, Handler> = {
  '/ok': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-seen-method': req.method ?? '' });
    req.pipe(res);
  },
  '/declared-large': (_req, res) => {
    res.writeHead(200, { 'content-length': String(10_000) });
    res.end('x'.repeat(10_000));
  },
  '/streamed-large': (_req, res) => {
    res.writeHead(200); // chunked, no length
    for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
    res.end();
  },
  '/slow-body': (_req, res) => {
    res.writeHead(200);
    res.write('first');
    // Never ends within the test's deadline.
    setTimeout(() => res.end('late'), 2000).unref();
  },
  '/slow-head': (_req, res) => {
    setTimeout(() => res.end('late'), 2000).unref();
  },
  '/redirect': (_req, res) => {
    res.writeHead(302, { location: '/ok' });
    res.end();
  },
  '/drop': (req) => req.socket.destroy(),
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => (routes[req.url ?? ''] ?? ((_q, r: ServerResponse) => r.writeHead(404).end()))(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const init = { method: 'GET' as const, headers: {}, timeoutMs: 500, maxBytes: 4096 };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('outboundText', () => {
  it('sends method, headers and body; answers status, headers and the text', async () => {
    const answer = await outboundText(new URL(`${base}/ok`), { ...init, method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hällo' });
    expect(answer).toMatchObject({ status: 200, text: 'hällo', tooLarge: false });
    expect(answer.header('X-Seen-Method')).toBe('POST');
    expect(answer.header('content-type')).toBe('application/json');
    expect(answer.header('x-absent')).toBeNull();
  });

  it('does not follow redirects', async () => {
    const answer = await outboundText(new URL(`${base}/redirect`), init);
    expect(answer.status).toBe(302);
    expect(answer.header('location')).toBe('/ok');
  });

  it('a declared or a streamed body beyond maxBytes is tooLarge, and not kept', async () => {
    for (const path of ['/declared-large', '/streamed-large']) {
      const answer = await outboundText(new URL(`${base}${path}`), init);
      expect(answer, path).toMatchObject({ status: 200, tooLarge: true, text: '' });
    }
  });

  it('the deadline covers the answer and its body: TimeoutError, read as a timeout', async () => {
    for (const path of ['/slow-head', '/slow-body']) {
      const started = Date.now();
      const error = await failure(outboundText(new URL(`${base}${path}`), { ...init, timeoutMs: 150 }));
      expect((error as Error).name, path).toBe('TimeoutError');
      expect(transportFailure(error)).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1500);
    }
  });

  it("a caller's abort rejects with the caller's reason, before or during the exchange", async () => {
    const reason = new Error('caller gone');
    expect(await failure(outboundText(new URL(`${base}/ok`), { ...init, signal: AbortSignal.abort(reason) }))).toBe(reason);
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 50);
    expect(await failure(outboundText(new URL(`${base}/slow-head`), { ...init, signal: controller.signal }))).toBe(reason);
  });

  it('a dropped connection or a closed port is unreachable', async () => {
    expect(transportFailure(await failure(outboundText(new URL(`${base}/drop`), init)))).toBe('unreachable');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(transportFailure(await failure(outboundText(new URL(`http://127.0.0.1:${port}/`), init)))).toBe('unreachable');
  });
});
