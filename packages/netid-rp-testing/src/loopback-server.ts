/** Listening and closing for the embedded dev/test servers; they bind loopback only. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The only address the embedded services bind. */
export const LOOPBACK_HOST = '127.0.0.1';

/** Listens on `127.0.0.1:port` (0 = random) and resolves the bound port. */
export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting and drops open sockets (keep-alive clients would otherwise hold the close). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
