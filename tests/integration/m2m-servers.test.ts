import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSource, M2MError } from '@/lib/m2m';
import { parseBasicAuth } from '@/packages/netid-rp-testing/src/m2m/http';
import { LITERAL_CLIENT, ODD_CLIENT, profiles, startM2MSims, type M2MSims } from '../helpers/m2m-sims';

let sims: M2MSims;
beforeAll(async () => {
  sims = await startM2MSims();
});
afterAll(() => sims.close());

async function failure(promise: Promise<unknown>): Promise<M2MError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(M2MError);
  return err as M2MError;
}

describe('each client auth method against its server shape', () => {
  it('Duende (discovery) with client_secret_post: the token reaches the API', async () => {
    const source = createTokenSource(profiles.duendePost(sims));
    const token = await source.getToken();
    expect(token).toMatchObject({ tokenType: 'Bearer', scope: 'api1' });
    const res = await source.fetch(sims.duende.apiUrl);
    expect(await res.json()).toEqual({ client_id: 'm2m', scope: 'api1', token_suffix: token.accessToken.slice(-6) });
  });

  it('Duende with client_secret_basic (a secret containing ":")', async () => {
    const source = createTokenSource(profiles.duendeBasic(sims));
    expect((await source.getToken()).scope).toBe('api1 api2');
    expect((await source.fetch(sims.duende.apiUrl)).status).toBe(200);
  });

  it('Duende accepts either secret method for a secret client (as IdentityServer does)', async () => {
    await expect(createTokenSource(profiles.duendePost(sims, { auth: 'client_secret_basic' })).getToken()).resolves.toBeTruthy();
  });

  it('Duende: a wrong secret is refused with 401 invalid_client', async () => {
    const err = await failure(createTokenSource(profiles.duendePost(sims, { clientSecret: 'wrong' })).getToken());
    expect(err).toMatchObject({ code: 'token_endpoint_error', status: 401, serverError: 'invalid_client' });
  });

  it('Duende: an RFC 8707 resource passes through', async () => {
    const source = createTokenSource(profiles.duendePost(sims, { resource: 'urn:duende:api1' }));
    expect((await source.fetch(sims.duende.apiUrl)).status).toBe(200);
  });

  it('Screening Eagle with client_secret_basic keeps the id_token and space-separated scope', async () => {
    const source = createTokenSource(profiles.se(sims));
    const token = await source.getToken();
    expect(token.scope).toBe('openid inspect');
    expect(token.response).toMatchObject({ token_type: 'Bearer', expires_in: 604800, id_token: expect.any(String) });
    expect(await (await source.fetch(sims.se.apiUrl)).json()).toMatchObject({ client_id: 'integration-dev', token_suffix: token.accessToken.slice(-6) });
  });

  it('Screening Eagle refuses client_secret_post (basic only): 401 with its error body', async () => {
    const err = await failure(createTokenSource(profiles.se(sims, { auth: 'client_secret_post' })).getToken());
    expect(err).toMatchObject({ code: 'token_endpoint_error', status: 401, serverError: 'Unauthorized', serverErrorDescription: 'invalid client credentials' });
  });
});

describe('client_secret_basic encodes id and secret per RFC 6749 §2.3.1', () => {
  it('an id and secret with ":", "%", "+", space and non-ASCII authenticate at the server', async () => {
    const source = createTokenSource(profiles.se(sims, { clientId: ODD_CLIENT.clientId, clientSecret: ODD_CLIENT.secret, scope: 'inspect' }));
    const token = await source.getToken();
    expect(await (await source.fetch(sims.se.apiUrl)).json()).toMatchObject({ client_id: ODD_CLIENT.clientId, token_suffix: token.accessToken.slice(-6) });
  });

  it('an id and secret with "-", "." and "_" authenticate at a server that never form-decodes them', async () => {
    sims.se.decodesBasicCredentials = false;
    try {
      const source = createTokenSource(profiles.se(sims, { clientId: LITERAL_CLIENT.clientId, clientSecret: LITERAL_CLIENT.secret, scope: 'inspect' }));
      expect((await source.getToken()).accessToken).toBeTruthy();
    } finally {
      sims.se.decodesBasicCredentials = true;
    }
  });

  it('sends exactly base64(formurlencode(id) ":" formurlencode(secret))', async () => {
    let header: string | undefined;
    const server = createServer((req, res) => {
      header = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t","token_type":"Bearer","expires_in":60}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
      await createTokenSource({ tokenUrl, clientId: 'a:b%c+d é', clientSecret: 's:%+ /€' }).getToken();
      const [user, pass] = Buffer.from(header!.replace(/^Basic /, ''), 'base64').toString('utf8').split(':');
      expect(user).toBe('a%3Ab%25c%2Bd+%C3%A9');
      expect(pass).toBe('s%3A%25%2B+%2F%E2%82%AC');
      expect(parseBasicAuth(header)).toEqual({ clientId: 'a:b%c+d é', secret: 's:%+ /€' });
    } finally {
      server.close();
    }
  });
});

describe('Screening Eagle error statuses and broken answers', () => {
  it.each([
    [400, 'BadRequest'],
    [401, 'Unauthorized'],
    [403, 'Forbidden'],
    [404, 'NotFound'],
    [500, 'InternalServerError'],
  ] as const)('HTTP %i → token_endpoint_error with status, error and errorDescription', async (status, error) => {
    sims.se.forceStatus = status;
    try {
      const err = await failure(createTokenSource(profiles.se(sims)).getToken());
      expect(err).toMatchObject({ code: 'token_endpoint_error', status, serverError: error, serverErrorDescription: expect.any(String) });
      expect(err.toJSON()).toMatchObject({ error: 'token_endpoint_error', status, server_error: error });
    } finally {
      sims.se.forceStatus = null;
    }
  });

  it('a scope the client may not have → 403 Forbidden "permission denied"', async () => {
    const err = await failure(createTokenSource(profiles.se(sims, { scope: 'admin' })).getToken());
    expect(err).toMatchObject({ status: 403, serverError: 'Forbidden', serverErrorDescription: 'permission denied' });
  });

  it('an unknown path → 404', async () => {
    const err = await failure(createTokenSource(profiles.se(sims, { tokenUrl: `${sims.se.url}/api/id/v2/nope` })).getToken());
    expect(err).toMatchObject({ code: 'token_endpoint_error', status: 404, serverError: 'NotFound' });
  });

  it('an HTML page → invalid_response with the status', async () => {
    sims.se.forceHtml = true;
    try {
      expect(await failure(createTokenSource(profiles.se(sims)).getToken())).toMatchObject({ code: 'invalid_response', status: 502 });
    } finally {
      sims.se.forceHtml = false;
    }
  });

  it('a slow server → timeout', async () => {
    sims.se.tokenDelayMs = 500;
    try {
      expect(await failure(createTokenSource(profiles.se(sims, { timeoutMs: 150 })).getToken())).toMatchObject({ code: 'timeout' });
    } finally {
      sims.se.tokenDelayMs = 0;
    }
  });

  it('nobody listening → network_error; discovery of a dead issuer → network_error too', async () => {
    const dead = 'http://127.0.0.1:9';
    expect(await failure(createTokenSource(profiles.se(sims, { tokenUrl: `${dead}/token` })).getToken())).toMatchObject({ code: 'network_error' });
    expect(await failure(createTokenSource(profiles.duendePost(sims, { issuer: dead })).getToken())).toMatchObject({ code: 'network_error' });
  });

  it('discovery of something that is not an issuer → discovery_failed', async () => {
    expect(await failure(createTokenSource(profiles.duendePost(sims, { issuer: sims.se.url })).getToken())).toMatchObject({ code: 'discovery_failed' });
  });

  it('no error message contains the secret', async () => {
    const secret = 'super-secret-value-123';
    const err = await failure(createTokenSource(profiles.se(sims, { clientSecret: secret })).getToken());
    expect(`${err.message} ${JSON.stringify(err.toJSON())}`).not.toContain(secret);
  });
});
