/** A tiny loopback round-robin HTTP proxy: one URL in front of several app instances, as a load balancer would be. */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running proxy; set `backends` (ports) before sending traffic. */
export interface RoundRobinProxy {
  url: string;
  backends: number[];
  /** Requests forwarded per backend port. */
  counts: Map<number, number>;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let next = 0;
  const proxy: RoundRobinProxy = { url: '', backends: [], counts: new Map(), close: async () => {} };
  const server: Server = createServer((req, res) => {
    const port = proxy.backends[next++ % proxy.backends.length];
    if (port === undefined) {
      res.writeHead(503).end();
      return;
    }
    proxy.counts.set(port, (proxy.counts.get(port) ?? 0) + 1);
    const upstream = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, timeout: 30_000 }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('backend timeout')));
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
