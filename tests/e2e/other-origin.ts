import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A page on another loopback origin (and another site: 127.0.0.2 is not 127.0.0.1), as an attacker's site stands in for. */
export interface OtherOrigin {
  url: string;
  close(): Promise<void>;
}

/** Serves `html` at `/` of `http://127.0.0.2:<ephemeral port>`. */
export async function otherOrigin(html: string): Promise<OtherOrigin> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  return {
    url: `http://127.0.0.2:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
