/**
 * The HTTP front of the embedded OpenID providers: counts requests per endpoint, applies test
 * delays, and hands each request to a dispatcher that is installed once the provider is built
 * (the provider needs the server's port for its issuer first). Loopback only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeServer, listenOnLoopback } from './loopback-server';

/** Handles one request; `pathname` is the raw path (no query). */
export type Dispatch = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

/** Options of {@link startDispatchingServer}. */
export interface DispatchingServerOptions<S extends string> {
  /** Log prefix, e.g. `dev-broker`. */
  name: string;
  port: number;
  /** Which paths count as which endpoint. */
  statPaths: Record<string, S>;
  /** Called for every request to a counted endpoint. */
  count(stat: S): void;
  /** Test delay before answering the endpoint, in ms. */
  delay(stat: S): number | undefined;
}

/** A started server: install the dispatcher with `setDispatch`; until then it answers 503. */
export interface DispatchingServer {
  port: number;
  setDispatch(dispatch: Dispatch): void;
  close(): Promise<void>;
}

/** Starts the server on `127.0.0.1:port` (0 = random). */
export async function startDispatchingServer<S extends string>(options: DispatchingServerOptions<S>): Promise<DispatchingServer> {
  let dispatch: Dispatch = async (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => {
    // No URL parsing here: it can throw on odd request targets; oidc-provider parses for itself.
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const stat = options.statPaths[pathname];
    if (stat) options.count(stat);
    const delay = stat ? options.delay(stat) : undefined;
    void (delay ? sleep(delay) : Promise.resolve())
      .then(() => dispatch(req, res, pathname))
      .catch((error: unknown) => {
        console.error(`[${options.name}] ${req.method} ${pathname} failed: ${(error as Error).message}`);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
  const port = await listenOnLoopback(server, options.port);
  let closing: Promise<void> | undefined;
  return {
    port,
    setDispatch(next) {
      dispatch = next;
    },
    close() {
      closing ??= closeServer(server);
      return closing;
    },
  };
}
