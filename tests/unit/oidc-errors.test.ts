/**
 * toAuthError on the errors openid-client really throws for a token response (the library's own
 * processing, fed by a custom fetch: no server), so the structural checks follow the library.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { AuthError } from '@/lib/auth';
import { NetIdError } from '@/lib/errors';
import { toAuthError } from '@/lib/auth/oidc-errors';
import { openIdClient } from '@/lib/auth/openid-client-loader';

// The seam loads openid-client before any call that can throw one of its errors (the first
// discovery); the classifier reads its classes from that load, so the tests load it the same way.
beforeAll(async () => {
  await openIdClient();
});

const ISSUER = 'https://broker.example';

/** Runs a real code exchange whose token endpoint answers `body`; returns what openid-client threw. */
async function exchangeFailure(body: Record<string, unknown>, status = 200): Promise<unknown> {
  const config = new client.Configuration(
    { issuer: ISSUER, token_endpoint: `${ISSUER}/token`, jwks_uri: `${ISSUER}/jwks` },
    'rp',
    { id_token_signed_response_alg: 'RS256' },
    client.ClientSecretBasic('secret'),
  );
  config[client.customFetch] = async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const callback = new URL('https://rp.example/api/auth/callback?code=c&state=s');
  return client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: 'v'.repeat(43), expectedState: 's', expectedNonce: 'n' }).then(
    () => expect.unreachable('the exchange should fail'),
    (err: unknown) => err,
  );
}

const base = { access_token: 'at', token_type: 'Bearer', expires_in: 60 };

describe('toAuthError for a code exchange (phase token)', () => {
  it('an OpenID token response without id_token → id_token_missing', async () => {
    const err = await exchangeFailure(base);
    const mapped = toAuthError(err, 'token');
    expect(mapped).toBeInstanceOf(AuthError);
    expect(mapped).toBeInstanceOf(NetIdError);
    expect(mapped).toMatchObject({ code: 'id_token_missing', cause: err });
  });

  it('an empty or non-string id_token → id_token_missing; a numeric-string expires_in does not matter', async () => {
    expect(toAuthError(await exchangeFailure({ ...base, id_token: '' }), 'token').code).toBe('id_token_missing');
    expect(toAuthError(await exchangeFailure({ ...base, id_token: 42 }), 'token').code).toBe('id_token_missing');
    expect(toAuthError(await exchangeFailure({ ...base, expires_in: '60' }), 'token').code).toBe('id_token_missing');
  });

  it('a response refused for an earlier member is not blamed on the ID token', async () => {
    for (const body of [{ token_type: 'Bearer' }, { ...base, token_type: undefined }, { ...base, refresh_token: 7 }, { ...base, scope: 1 }]) {
      expect(toAuthError(await exchangeFailure(body), 'token').code).not.toBe('id_token_missing');
    }
  });

  it('an OAuth error body is token_request_failed, or invalid_grant', async () => {
    expect(toAuthError(await exchangeFailure({ error: 'invalid_grant' }, 400), 'token').code).toBe('invalid_grant');
    expect(toAuthError(await exchangeFailure({ error: 'server_error' }, 400), 'token').code).toBe('token_request_failed');
  });

  it('the message text of an error never decides', () => {
    const lookalike = new Error('"response" body "id_token" property must be a string');
    expect(toAuthError(lookalike, 'token').code).toBe('broker_invalid_response');
    expect(toAuthError(new TypeError('fetch failed'), 'token').code).toBe('broker_invalid_response');
  });
});
