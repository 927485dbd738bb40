/** authErrorHandler answers every NetIdError like errorResponse does, and passes anything else on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthError } from '@/lib/auth';
import { authErrorHandler } from '@/lib/adapters/express';
import { ConfigError } from '@/lib/errors';
import { errorResponse } from '@/lib/http';
import { M2MError } from '@/lib/m2m';
import { PermissionCenterError } from '@/lib/permission-center';

const thrown: Record<string, () => unknown> = {
  auth: () => new AuthError('access_token_expired'),
  pc: () => new PermissionCenterError('TAPP_NOT_ALLOWED', { status: 403 }),
  m2m: () => new M2MError('network_error', { cause: new TypeError('fetch failed') }),
  config: () => new ConfigError([{ variable: 'NETID_ISSUER', message: 'is required' }]),
  plain: () => new Error('secret detail'),
  lookalike: () => ({ name: 'AuthError', code: 'unauthenticated', message: 'secret detail' }),
};

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.get('/:kind', (req) => {
    throw thrown[req.params.kind!]!();
  });
  app.use(authErrorHandler);
  // What Express does after the handler passes on: a marker instead of its HTML page.
  app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(599).send('passed on');
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('authErrorHandler', () => {
  it.each(['auth', 'pc', 'm2m', 'config'])('a %s error: the status and JSON of errorResponse, never cached', async (kind) => {
    const res = await fetch(`${base}/${kind}`);
    const expected = errorResponse(thrown[kind]!());
    expect(res.status).toBe(expected.status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual(await expected.json());
  });

  it.each(['plain', 'lookalike'])('a %s value is passed on (instanceof, not name)', async (kind) => {
    const res = await fetch(`${base}/${kind}`);
    expect(res.status).toBe(599);
    expect(await res.text()).toBe('passed on');
  });
});
