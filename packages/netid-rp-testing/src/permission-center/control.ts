import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback, LOOPBACK_HOST } from '../loopback-server';
import { sendJson } from '../send-json';
import type { PermissionCenterFault, PermissionCenterService, PermissionCenterSimulator } from './types';

/** A running control server of {@link startPermissionCenterControl}. */
export interface PermissionCenterControl {
  /** Its base URL, `http://127.0.0.1:<port>`. */
  url: string;
  close(): Promise<void>;
}

const SERVICES: readonly PermissionCenterService[] = ['read', 'write', 'export'];
const MAX_BODY = 4096;
const MAX_LATENCY_MS = 120_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** Applies a JSON body `{ latencyMs?, down?, fail?, services? }` to the switches; the error message, if any. */
function applySwitches(simulator: PermissionCenterSimulator, body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  const { latencyMs, down, fail, services } = body as Record<string, unknown>;
  if (latencyMs !== undefined && !(Number.isInteger(latencyMs) && (latencyMs as number) >= 0 && (latencyMs as number) <= MAX_LATENCY_MS))
    return `latencyMs must be an integer from 0 to ${MAX_LATENCY_MS}`;
  if (down !== undefined && typeof down !== 'boolean') return 'down must be a boolean';
  if (services !== undefined && services !== null && !(Array.isArray(services) && services.every((s) => SERVICES.includes(s as PermissionCenterService))))
    return `services must be null or a list of ${SERVICES.join(', ')}`;
  const faults = simulator.faults;
  if (latencyMs !== undefined) faults.latencyMs = latencyMs as number;
  if (down !== undefined) faults.down = down;
  // The simulator answers an unknown fault as it can; the tests that set one own it.
  if (fail !== undefined) faults.fail = fail as PermissionCenterFault | null;
  if (services !== undefined) faults.services = services as PermissionCenterService[] | null;
  return undefined;
}

/**
 * A loopback HTTP server that lets a test in another process drive a running Permission Center
 * simulator (the browser tests drive the one `npm run dev` started). Dev and tests only; started
 * by the dev stack when `DEV_PERMISSION_CENTER_CONTROL_PORT` is set, never otherwise.
 *
 * - `PUT /faults` with JSON `{ latencyMs?, down?, fail?, services? }` sets the fault switches;
 *   `DELETE /faults` turns them all off; `GET /faults` shows them.
 * - `GET /status?sub=<sub>&client_id=<client id>` answers the stored status (`null` when none).
 *
 * @example
 * ```ts
 * import { startPermissionCenterControl, type PermissionCenterSimulator } from 'netid-rp-testing'
 * declare const pc: PermissionCenterSimulator
 * const control = await startPermissionCenterControl(pc, 0)
 * await fetch(`${control.url}/faults`, { method: 'PUT', body: JSON.stringify({ down: true }) })
 * await control.close()
 * ```
 */
export async function startPermissionCenterControl(simulator: PermissionCenterSimulator, port = 0): Promise<PermissionCenterControl> {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`);
    if (url.pathname === '/faults' && req.method === 'GET') return sendJson(res, 200, simulator.faults);
    if (url.pathname === '/faults' && req.method === 'DELETE') {
      simulator.resetFaults();
      return sendJson(res, 200, simulator.faults);
    }
    if (url.pathname === '/faults' && req.method === 'PUT') {
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return sendJson(res, 400, { error: 'invalid_json' });
      }
      const problem = applySwitches(simulator, body);
      return problem ? sendJson(res, 400, { error: 'invalid_body', message: problem }) : sendJson(res, 200, simulator.faults);
    }
    if (url.pathname === '/status' && req.method === 'GET') {
      const sub = url.searchParams.get('sub');
      const clientId = url.searchParams.get('client_id');
      if (!sub || !clientId) return sendJson(res, 400, { error: 'invalid_request', message: 'sub and client_id are required' });
      return sendJson(res, 200, simulator.status(sub, clientId) ?? null);
    }
    sendJson(res, 404, { error: 'not_found' });
  }
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
    });
  });
  const bound = await listenOnLoopback(server, port);
  return { url: `http://${LOOPBACK_HOST}:${bound}`, close: () => closeServer(server) };
}
