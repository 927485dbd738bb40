/**
 * One error family, one JSON error response: an error of each family maps to its documented
 * answer through errorResponse (status, body, headers), and anything else to internal_error.
 */
import { describe, expect, it } from 'vitest';
import { AuthError } from '@/lib/auth';
import { ConfigError, NetIdError } from '@/lib/errors';
import { errorAnswer, errorResponse, jsonError } from '@/lib/http';
import { M2MError } from '@/lib/m2m';
import { m2mConfigError } from '@/lib/m2m/errors';
import { PermissionCenterError } from '@/lib/permission-center';
import { failureResponse, routeError } from '@/lib/permission-center/route-errors';

async function answer(res: Response): Promise<{ status: number; text: string; body: unknown }> {
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-type')).toBe('application/json');
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

describe('errorResponse', () => {
  it.each([
    ['AuthError', new AuthError('access_denied'), 403, { error: 'access_denied', message: 'Sign-in was cancelled or access was denied.' }],
    ['AuthError with its own message', new AuthError('invalid_upstream_path', { message: 'Request body too large.' }), 400, { error: 'invalid_upstream_path', message: 'Request body too large.' }],
    ['AuthError broker_timeout', new AuthError('broker_timeout', { cause: new Error('provider text') }), 504, { error: 'broker_timeout', message: 'netID did not answer in time.' }],
    [
      'PermissionCenterError TPID_EXISTENCE_ERROR',
      new PermissionCenterError('TPID_EXISTENCE_ERROR', { status: 410 }),
      410,
      { error: 'account_gone', message: 'The netID account does not exist anymore. You have been signed out.' },
    ],
    [
      'PermissionCenterError UPSTREAM_ERROR',
      new PermissionCenterError('UPSTREAM_ERROR', { status: 500, message: 'The Permission Center answered HTTP 500.' }),
      502,
      { error: 'permission_center_error', message: 'The Permission Center answered HTTP 500.' },
    ],
    ['PermissionCenterError TIMEOUT', new PermissionCenterError('TIMEOUT'), 504, { error: 'permission_center_timeout', message: 'The Permission Center did not answer in time.' }],
    [
      'M2MError token_endpoint_error',
      new M2MError('token_endpoint_error', { status: 401, serverError: 'invalid_client', serverErrorDescription: 'server says tok3n-abc' }),
      502,
      { error: 'token_endpoint_error', message: 'The token server refused to issue a token.' },
    ],
    ['M2MError timeout', new M2MError('timeout'), 504, { error: 'timeout', message: 'The token server did not answer in time.' }],
    [
      'M2M profile: ConfigError config_invalid',
      m2mConfigError([{ variable: 'M2M_X_CLIENT_SECRET', message: 'is required' }]),
      500,
      { error: 'config_invalid', message: 'The machine-to-machine profile is not configured correctly.' },
    ],
    [
      'ConfigError',
      new ConfigError([{ variable: 'SESSION_PASSWORD', message: 'must be at least 32 characters' }]),
      500,
      { error: 'config_invalid', message: 'The service is not configured correctly.' },
    ],
  ])('%s → its documented answer', async (_name, err, status, body) => {
    expect(err).toBeInstanceOf(NetIdError);
    expect(err).toBeInstanceOf(Error);
    const res = await answer(errorResponse(err));
    expect(res.status).toBe(status);
    expect(res.text).toBe(JSON.stringify(body)); // exactly { error, message }, in that order
    expect(errorAnswer(err)).toEqual({ status, ...body });
  });

  it('never shows server text, issue lists or a cause', async () => {
    const texts = [
      (await answer(errorResponse(new M2MError('token_endpoint_error', { status: 401, serverError: 'invalid_client', serverErrorDescription: 'tok3n-abc' })))).text,
      (await answer(errorResponse(new ConfigError([{ variable: 'SESSION_PASSWORD', message: 'is required' }])))).text,
      (await answer(errorResponse(new AuthError('token_request_failed', { cause: new Error('tok3n-abc') })))).text,
    ];
    for (const text of texts) expect(text).not.toMatch(/tok3n|invalid_client|SESSION_PASSWORD/);
  });

  it.each([
    ['an Error', new Error('secret detail')],
    ['a TypeError', new TypeError('fetch failed')],
    ['a string', 'secret detail'],
    ['undefined', undefined],
    ['a look-alike object', { name: 'AuthError', code: 'access_denied', message: 'secret detail' }],
  ])('%s → 500 internal_error with a generic message', async (_name, err) => {
    const res = await answer(errorResponse(err));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal_error', message: 'Something went wrong.' });
  });

  it('adds Set-Cookie headers, extra fields after error and message (never replacing them), and a route message', async () => {
    const res = errorResponse(new AuthError('session_expired'), {
      setCookies: ['a=; Max-Age=0', 'b=1'],
      extra: { reauthenticate: '/api/auth/login', error: 'forged', message: 'forged' },
      message: 'Sign in again.',
    });
    expect(res.headers.getSetCookie()).toEqual(['a=; Max-Age=0', 'b=1']);
    const { status, text } = await answer(res);
    expect(status).toBe(401);
    expect(text).toBe('{"error":"session_expired","message":"Sign in again.","reauthenticate":"/api/auth/login"}');
  });

  it('jsonError(err, setCookies) is errorResponse(err, { setCookies })', async () => {
    const err = new AuthError('cross_site_request');
    const a = jsonError(err, ['c=1']);
    const b = errorResponse(err, { setCookies: ['c=1'] });
    expect(a.headers.getSetCookie()).toEqual(b.headers.getSetCookie());
    expect(await answer(a)).toEqual(await answer(b));
  });
});

describe('/api/permissions answers through the same mapping', () => {
  it('a thrown PermissionCenterError, a ConfigError and anything else: byte for byte what the route always said', async () => {
    const expired = await answer(failureResponse(new PermissionCenterError('TOKEN_ERROR', { status: 400 }), { reauthenticate: '/api/auth/login?flow=permission' }));
    expect(expired.status).toBe(401);
    expect(expired.text).toBe(
      '{"error":"permission_token_expired","message":"The Permission Center token has expired. Sign in again to renew it.","reauthenticate":"/api/auth/login?flow=permission"}',
    );
    const config = await answer(failureResponse(new ConfigError([{ variable: 'PERMISSION_CENTER_READ_URL', message: 'must be https' }])));
    expect(config).toMatchObject({ status: 500, text: '{"error":"config_invalid","message":"The Permission Center is not configured correctly."}' });
    const other = await answer(failureResponse(new AuthError('unauthenticated')));
    expect(other).toMatchObject({ status: 500, text: '{"error":"internal_error","message":"Something went wrong."}' });
    const exportCode = await answer(failureResponse(new PermissionCenterError('EXPORT_FORBIDDEN')));
    expect(exportCode).toMatchObject({ status: 500, text: '{"error":"internal_error","message":"Something went wrong."}' });
  });

  it("the route's own refusals", async () => {
    expect(await answer(routeError('body_too_large', { message: 'The body must be at most 10 bytes.' }))).toMatchObject({
      status: 413,
      text: '{"error":"body_too_large","message":"The body must be at most 10 bytes."}',
    });
    expect(await answer(routeError('permission_token_missing', { reauthenticate: '/x' }))).toMatchObject({
      status: 403,
      text: '{"error":"permission_token_missing","message":"This session holds no Permission Center token. Sign in with the Permission Center scope.","reauthenticate":"/x"}',
    });
    expect(await answer(routeError('unsupported_media_type'))).toMatchObject({ status: 415, body: { message: 'The request failed.' } });
  });
});

describe('provider-neutral words', () => {
  it('names the profile’s provider in sign-in messages, netID by default', async () => {
    const { AuthError: E, errorMessage, oidcProfile, screeningEagleProfile } = await import('@/lib/auth');
    expect(new E('broker_unreachable').message).toBe('netID could not be reached.');
    expect(new E('broker_unreachable', { provider: oidcProfile.name }).message).toBe('The identity provider could not be reached.');
    expect(errorMessage('login_required', screeningEagleProfile.name)).toBe('Sign-in was aborted at Screening Eagle ID.');
    expect(errorMessage('id_token_invalid', oidcProfile.name)).not.toContain('netID');
  });
});

describe('Retry-After', () => {
  it('every 503 says when to try again; other answers do not', async () => {
    const down = errorResponse(new AuthError('session_store_unavailable'));
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    const withCookie = jsonError(new AuthError('session_store_unavailable'), ['a=; Max-Age=0']);
    expect(withCookie.headers.get('retry-after')).toBe('5');
    expect(withCookie.headers.get('set-cookie')).toBe('a=; Max-Age=0');
    expect(errorResponse(new AuthError('access_denied')).headers.get('retry-after')).toBeNull();
    expect(errorResponse(new Error('x')).headers.get('retry-after')).toBeNull();
  });
});
