import { describe, expect, it } from 'vitest';
import { M2MError } from '@/lib/m2m';
import { readTokenResponse } from '@/lib/m2m/token-response';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failure(response: Response): Promise<M2MError> {
  const err = await readTokenResponse(response).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(M2MError);
  return err as M2MError;
}

describe('readTokenResponse', () => {
  it('keeps the standard fields, id_token and refresh_token included', async () => {
    const body = { access_token: 'a', token_type: 'Bearer', expires_in: 3600, scope: 'x y', id_token: 'i', refresh_token: 'r', other: 1 };
    expect(await readTokenResponse(json(200, body))).toEqual({ access_token: 'a', token_type: 'Bearer', expires_in: 3600, scope: 'x y', id_token: 'i', refresh_token: 'r' });
  });

  it('defaults token_type to Bearer and reads a numeric string expires_in; drops a silly one', async () => {
    expect(await readTokenResponse(json(200, { access_token: 'a', expires_in: '60' }))).toEqual({ access_token: 'a', token_type: 'Bearer', expires_in: 60 });
    expect(await readTokenResponse(json(200, { access_token: 'a', token_type: 'bearer', expires_in: 'soon' }))).toEqual({ access_token: 'a', token_type: 'bearer' });
  });

  it('an OAuth error body → token_endpoint_error with error and error_description', async () => {
    expect(await failure(json(400, { error: 'invalid_client', error_description: 'bad' }))).toMatchObject({
      code: 'token_endpoint_error', status: 400, serverError: 'invalid_client', serverErrorDescription: 'bad',
    });
  });

  it("a Screening Eagle error body → token_endpoint_error with errorDescription", async () => {
    const err = await failure(json(403, { error: 'Forbidden', errorDescription: 'permission denied' }));
    expect(err).toMatchObject({ code: 'token_endpoint_error', status: 403, serverError: 'Forbidden', serverErrorDescription: 'permission denied' });
    expect(err.toJSON()).toEqual({
      error: 'token_endpoint_error', message: expect.any(String), status: 403, server_error: 'Forbidden', server_error_description: 'permission denied',
    });
  });

  it('an error status with JSON but no error field → token_endpoint_error', async () => {
    expect(await failure(json(503, { message: 'down' }))).toMatchObject({ code: 'token_endpoint_error', status: 503, serverError: undefined });
  });

  it.each([
    ['HTML', new Response('<html>oops</html>', { status: 200 })],
    ['empty', new Response('', { status: 500 })],
    ['not JSON', new Response('access_token=a', { status: 200 })],
    ['a JSON array', json(200, [1])],
    ['no access_token', json(200, { token_type: 'Bearer' })],
    ['a DPoP token', json(200, { access_token: 'a', token_type: 'DPoP' })],
  ])('%s → invalid_response', async (_name, response) => {
    expect(await failure(response)).toMatchObject({ code: 'invalid_response' });
  });

  it('server text is cut to one short line', async () => {
    const err = await failure(json(400, { error: 'x\n\u0007y', error_description: 'z'.repeat(1000) }));
    expect(err.serverError).toBe('x y');
    expect(err.serverErrorDescription!.length).toBeLessThanOrEqual(301);
  });
});
