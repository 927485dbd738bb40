/**
 * The M2M seam to openid-client: the only file of lib/m2m that imports it. openid-client does
 * discovery and client authentication (RFC 6749 §2.3.1 form-encoding for `client_secret_basic`,
 * `client_secret_post`, and the signed `private_key_jwt` assertion through its `modifyAssertion`
 * hook). The token request itself is sent and read by token-request.ts, because the servers we
 * target answer in shapes the library rejects or would misread: Screening Eagle's
 * `{"error","errorDescription"}` bodies, `WWW-Authenticate` on 401 (the body is then not read),
 * and optional `id_token`s in client_credentials responses that the library would validate as
 * OpenID ID tokens against an issuer we do not know.
 */
import * as client from 'openid-client';
import { basicAuthorization, isLoopbackHttpUrl, transportFailure } from '../http';
import { shapeAssertion } from './assertion-profile';
import { M2MError, m2mConfigError } from './errors';
import { toSigningKey } from './key-material';
import type { ResolvedProfile } from './profile';
import { timeoutFetch } from './timeout-fetch';

/** Where tokens are requested, and the issuer (default assertion audience). */
export interface TokenServer {
  issuer: string;
  tokenEndpoint: string;
}

/** Adds client authentication to a token request: form parameters and/or headers. */
export type ApplyClientAuth = (body: URLSearchParams, headers: Headers) => Promise<void>;

function isAcceptableUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || isLoopbackHttpUrl(url);
}

/**
 * Read the issuer's discovery document (`/.well-known/openid-configuration`, falling back to
 * nothing else) and return its token endpoint. Fails with `discovery_failed`, `timeout` or
 * `network_error`; never cached here (the token source caches the result).
 */
export async function discoverTokenServer(issuer: string, timeoutMs: number): Promise<TokenServer> {
  const url = new URL(issuer);
  const send = timeoutFetch(timeoutMs);
  let config: client.Configuration;
  try {
    config = await client.discovery(url, 'm2m-discovery', undefined, client.None(), {
      [client.customFetch]: (target, options) => send(target, { ...options, body: options.body as BodyInit | undefined }),
      timeout: Math.ceil(timeoutMs / 1000),
      execute: isLoopbackHttpUrl(url) ? [client.allowInsecureRequests] : [],
    });
  } catch (err) {
    throw classifyTransportError(err) ?? new M2MError('discovery_failed', { cause: err });
  }
  const metadata = config.serverMetadata();
  if (!isAcceptableUrl(metadata.token_endpoint)) {
    throw new M2MError('discovery_failed', { cause: new Error('token_endpoint missing or not https') });
  }
  return { issuer: metadata.issuer, tokenEndpoint: metadata.token_endpoint };
}

/** `timeout` or `network_error` for a transport failure (see `transportFailure` in lib/http), directly or as a cause; else undefined. */
export function classifyTransportError(err: unknown): M2MError | undefined {
  const failure = transportFailure(err);
  if (failure === 'timeout') return new M2MError('timeout', { cause: err });
  if (failure === 'unreachable') return new M2MError('network_error', { cause: err });
  return undefined;
}

/**
 * Build the client authentication of `profile` for `server` with openid-client's methods.
 * For `private_key_jwt` the assertion is re-signed for every request (fresh `jti`, `iat`).
 */
export async function createClientAuth(profile: ResolvedProfile, server: TokenServer): Promise<ApplyClientAuth> {
  const as: client.ServerMetadata = { issuer: server.issuer, token_endpoint: server.tokenEndpoint };
  const metadata: client.ClientMetadata = { client_id: profile.clientId };
  let auth: client.ClientAuth;
  if (profile.auth === 'private_key_jwt') {
    if (!profile.keys) throw m2mConfigError([{ variable: 'privateKey', message: 'is required for private_key_jwt' }]);
    const shape = { profile: profile.assertionProfile, audience: profile.audience ?? server.issuer, x5c: profile.keys.x5c };
    auth = client.PrivateKeyJwt(await toSigningKey(profile.keys.privateKey), {
      [client.modifyAssertion]: (header, payload) => shapeAssertion(shape, header, payload),
    });
  } else if (profile.auth === 'client_secret_post') {
    auth = client.ClientSecretPost(profile.clientSecret ?? '');
  } else {
    // The URL Standard's form encoding, not openid-client's: see basicAuthorization.
    const authorization = basicAuthorization(profile.clientId, profile.clientSecret ?? '');
    auth = (_as, _client, _body, headers) => headers.set('authorization', authorization);
  }
  // ClientAuth is typed as returning void, but PrivateKeyJwt returns a promise: await either.
  return async (body, headers) => {
    await (auth(as, metadata, body, headers) as void | Promise<void>);
  };
}
