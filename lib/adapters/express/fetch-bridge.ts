/**
 * Converts between Express and the Fetch API the core speaks. The request URL is built on the
 * configured APP_URL, never on the Host header, so `trust proxy` setups cannot spoof it.
 */
import type { Request as ExpressRequest, Response as ExpressResponse, RequestHandler } from 'express';

const MAX_BODY = 1024 * 1024;

async function readBody(req: ExpressRequest): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  // A body parser may have run first: re-encode what it left.
  const parsed: unknown = req.body;
  if (Buffer.isBuffer(parsed)) return parsed;
  if (typeof parsed === 'string') return Buffer.from(parsed);
  if (parsed !== undefined && parsed !== null && typeof parsed === 'object' && req.readableEnded) {
    return Buffer.from(JSON.stringify(parsed));
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A Fetch `Request` for an Express request, on the app's configured base URL. */
export async function toFetchRequest(req: ExpressRequest, appUrl: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const body = await readBody(req);
  return new Request(new URL(req.originalUrl, appUrl), { method: req.method, headers, body: body?.length ? new Uint8Array(body) : undefined });
}

/** Writes a Fetch `Response` to Express, keeping every Set-Cookie header separate. */
export async function sendFetchResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.status(response.status);
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) res.append('Set-Cookie', cookie);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * Mounts any core Fetch handler (login, callback, the Permission Center routes, …) as Express middleware.
 *
 * @example
 * ```ts
 * import { createPermissionRoutes } from 'netid-rp/permission-center';
 * const permissionRoutes = createPermissionRoutes(auth);
 * app.get('/api/permissions', fetchHandler(() => auth.config().appUrl, permissionRoutes.GET));
 * ```
 */
export function fetchHandler(appUrl: () => string, handler: (request: Request) => Promise<Response>): RequestHandler {
  return (req, res, next) => {
    toFetchRequest(req, appUrl())
      .then(handler)
      .then((response) => sendFetchResponse(res, response))
      .catch(next);
  };
}
