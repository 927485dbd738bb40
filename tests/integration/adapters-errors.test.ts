/** Each adapter's authErrorHandler answers every NetIdError like errorResponse does, and passes anything else on. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '@/lib/auth';
import { ConfigError } from '@/lib/errors';
import { errorResponse } from '@/lib/http';
import { M2MError } from '@/lib/m2m';
import { PermissionCenterError } from '@/lib/permission-center';
import { ADAPTERS, type ServedApp } from '../helpers/adapter-servers';

const thrown: Record<string, () => unknown> = {
  auth: () => new AuthError('access_token_expired'),
  pc: () => new PermissionCenterError('TAPP_NOT_ALLOWED', { status: 403 }),
  m2m: () => new M2MError('network_error', { cause: new TypeError('fetch failed') }),
  config: () => new ConfigError([{ variable: 'NETID_ISSUER', message: 'is required' }]),
  plain: () => new Error('secret detail'),
  // An Error (so every framework hands it to the error handler) that only looks like ours.
  lookalike: () => Object.assign(new Error('secret detail'), { name: 'AuthError', code: 'unauthenticated', status: 401 }),
};

describe.each(ADAPTERS)('$name authErrorHandler', (adapter) => {
  let app: ServedApp;

  beforeAll(async () => {
    app = await adapter.serveThrower((kind) => thrown[kind]!());
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(['auth', 'pc', 'm2m', 'config'])('a %s error: the status and JSON of errorResponse, never cached', async (kind) => {
    const res = await fetch(`${app.url}/throw/${kind}`);
    const expected = errorResponse(thrown[kind]!());
    expect(res.status).toBe(expected.status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual(await expected.json());
  });

  it.each(['plain', 'lookalike'])('a %s value is passed on (instanceof, not name)', async (kind) => {
    const res = await fetch(`${app.url}/throw/${kind}`);
    expect(res.status).toBe(599);
    expect(await res.text()).toBe('passed on');
  });
});
