/**
 * The OIDC seam: the only file that calls openid-client (imported on first use, through
 * ./openid-client-loader). Everything protocol-shaped (discovery, PKCE, the authorization URL, the
 * code exchange, ID token verification, userinfo) happens here; the rest of the core sees plain
 * data and AuthErrors.
 */
import type * as client from 'openid-client';
import { outboundFetch } from '../http';
import { traceTokenExchange } from '../telemetry';
import { AuthError } from './errors';
import { basicAuthorization, isLoopbackHttpUrl } from '../http';
import { toAuthError } from './oidc-errors';
import { openIdClient } from './openid-client-loader';
import { createJwksCache, type RemoteJwks } from './remote-jwks';
import type { Transaction } from './transaction';
import type { AuthConfig, CodeExchangeResult, Flow } from './types';

export type { CodeExchangeResult };

/** Optional authorize parameters netID documents. */
export interface AuthorizeExtras {
  prompt?: 'login' | 'consent';
  loginHint?: string;
  maxAge?: number;
}

/** Clock skew tolerated for `iat` (seconds). */
const IAT_SKEW = 60;

/** `client_secret_basic` with the URL Standard's form encoding (see {@link basicAuthorization}), not openid-client's. */
function clientSecretBasic(clientId: string, clientSecret: string): client.ClientAuth {
  const authorization = basicAuthorization(clientId, clientSecret);
  return (_as, _client, _body, headers) => headers.set('authorization', authorization);
}

/** Every call to the broker gets a hard deadline in milliseconds, on top of the library's own. */
function timeoutFetch(timeoutMs: number): client.CustomFetch {
  return (url, options) => {
    return outboundFetch(url, { ...options, body: options.body as BodyInit | undefined, timeoutMs });
  };
}

async function discover(config: AuthConfig): Promise<client.Configuration> {
  const client = await openIdClient();
  const issuer = new URL(config.issuer);
  const auth =
    config.clientAuth === 'client_secret_post'
      ? client.ClientSecretPost(config.clientSecret)
      : clientSecretBasic(config.clientId, config.clientSecret);
  const customFetch = timeoutFetch(config.httpTimeoutMs);
  const oidc = await client.discovery(
    issuer,
    config.clientId,
    {
      // Pinning the alg in client metadata is what makes openid-client refuse any other (incl. "none").
      id_token_signed_response_alg: config.idTokenAlg,
      token_endpoint_auth_method: config.clientAuth,
    },
    auth,
    {
      [client.customFetch]: customFetch,
      timeout: Math.ceil(config.httpTimeoutMs / 1000),
      execute: isLoopbackHttpUrl(issuer) ? [client.allowInsecureRequests] : [],
    },
  );
  oidc[client.customFetch] = customFetch;
  // No AbortSignal.timeout of openid-client's per call (timeout 0 turns it off): customFetch's
  // outboundFetch already ends every exchange at httpTimeoutMs and clears its timer with the
  // answer, while a 30 s AbortSignal.timeout made inside a Next request keeps that request's
  // stores (~20 KB) alive until it fires: +47 % RSS under back-to-back sign-ins (issue 15).
  oidc.timeout = 0;
  // Verify the ID token signature even though it came straight from the token endpoint.
  if (config.idTokenAlg !== 'none') client.enableNonRepudiationChecks(oidc);
  return oidc;
}

/**
 * The discovered client configurations of one relying party: `createNetIdAuth` makes one per
 * instance, so the cache lives and dies with it (no process-wide state, nothing for tests to
 * reset). Discovery and JWKS are fetched once per issuer and client; a failed discovery is not cached.
 */
export interface OidcDiscovery {
  /** The discovered client configuration for `config`. Throws an `AuthError` when discovery fails. */
  configuration(config: AuthConfig): Promise<client.Configuration>;
  /** The provider's remote key set at `uri` (ID and logout token signatures), fetched with `timeoutMs`; one per URI. */
  jwks(uri: string, timeoutMs: number): RemoteJwks;
}

/** A new, empty {@link OidcDiscovery} (one per `NetIdAuth` instance). */
export function createOidcDiscovery(): OidcDiscovery {
  const configurations = new Map<string, Promise<client.Configuration>>();
  return {
    jwks: createJwksCache(),
    async configuration(config) {
      // Everything the Configuration binds (secret and timeout included) is part of the key.
      const key = [config.issuer, config.clientId, config.clientSecret, config.clientAuth, config.idTokenAlg, config.httpTimeoutMs].join('\u0000');
      let pending = configurations.get(key);
      if (!pending) {
        pending = discover(config);
        configurations.set(key, pending);
        pending.catch(() => configurations.delete(key));
      }
      try {
        return await pending;
      } catch (err) {
        throw toAuthError(err, 'discovery', config.profile.name);
      }
    },
  };
}

/**
 * Starts a flow: fresh PKCE verifier (S256), state and (for OpenID flows) nonce,
 * and the broker authorization URL carrying them.
 */
export async function startAuthorization(
  discovery: OidcDiscovery,
  config: AuthConfig,
  flow: Flow,
  returnTo: string,
  extras: AuthorizeExtras = {},
): Promise<{ url: URL; tx: Transaction }> {
  const oidc = await discovery.configuration(config);
  const shape = config.profile.authorization(flow, config);
  const client = await openIdClient();
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = shape.idToken === 'required' ? client.randomNonce() : undefined;
  const params: Record<string, string> = {
    redirect_uri: config.redirectUri,
    response_type: 'code',
    scope: shape.scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  };
  if (nonce) params.nonce = nonce;
  if (shape.claims) params.claims = shape.claims;
  if (extras.prompt) params.prompt = extras.prompt;
  if (extras.loginHint) params.login_hint = extras.loginHint;
  // max_age asks the provider about the user's authentication, which only an ID token reports.
  const maxAge = shape.idToken === 'required' ? extras.maxAge : undefined;
  if (maxAge !== undefined) params.max_age = String(maxAge);
  const url = client.buildAuthorizationUrl(oidc, params);
  const tx: Transaction = {
    state,
    nonce,
    codeVerifier,
    flow,
    returnTo,
    issuer: config.issuer,
    createdAt: Math.floor(Date.now() / 1000),
    ...(maxAge !== undefined ? { maxAge } : {}),
  };
  return { url, tx };
}

/**
 * Finishes a flow: validates the authorization response against the transaction
 * (state, `iss`), redeems the code with the PKCE verifier, and fully verifies the ID token
 * (signature with the pinned alg and the broker's JWKS, iss, aud, azp, exp, iat, nonce).
 * Where the profile requires an ID token, a missing one is an error.
 *
 * @param callbackUrl the callback URL as registered (`APP_URL` based) with the broker's query.
 */
export async function finishAuthorization(
  discovery: OidcDiscovery,
  config: AuthConfig,
  callbackUrl: URL,
  tx: Transaction,
): Promise<CodeExchangeResult> {
  const oidc = await discovery.configuration(config);
  const shape = config.profile.authorization(tx.flow, config);
  const client = await openIdClient();
  let response: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    response = await traceTokenExchange(() => client.authorizationCodeGrant(oidc, callbackUrl, {
      pkceCodeVerifier: tx.codeVerifier,
      expectedState: tx.state,
      expectedNonce: tx.nonce,
      idTokenExpected: shape.idToken === 'required',
      // openid-client then requires `auth_time` and refuses an authentication older than max_age.
      maxAge: tx.maxAge,
    }));
  } catch (err) {
    throw toAuthError(err, 'token', config.profile.name);
  }
  // An ID token in a plain OAuth flow (netID's `permission`) is not ours to trust: ignore it.
  const claims = shape.idToken === 'none' ? undefined : response.claims();
  if (shape.idToken === 'required' && !claims) throw new AuthError('id_token_missing', { provider: config.profile.name });
  // oauth4webapi checks exp and that iat is a number; a token "issued" in the future is refused here.
  if (claims && claims.iat > Math.floor(Date.now() / 1000) + IAT_SKEW) throw new AuthError('id_token_invalid', { provider: config.profile.name });
  let userinfo: Record<string, unknown> | undefined;
  // Userinfo only where the provider has one (an OAuth server that issues optional ID tokens may not).
  if (claims && response.access_token && shape.userinfo && oidc.serverMetadata().userinfo_endpoint) {
    try {
      userinfo = await client.fetchUserInfo(oidc, response.access_token, claims.sub);
    } catch (err) {
      throw toAuthError(err, 'userinfo', config.profile.name);
    }
  }
  return {
    tokens: {
      access_token: response.access_token,
      token_type: response.token_type,
      expires_in: response.expires_in,
      scope: response.scope,
      refresh_token: response.refresh_token,
      id_token: response.id_token,
    },
    idTokenClaims: claims ? { ...claims } : undefined,
    userinfo,
  };
}

/** Tokens from a refresh, as plain data. */
export interface RefreshResult {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  /** `sub` of a (verified) ID token the refresh returned. */
  sub?: string;
}

/**
 * Redeems a refresh token (openid-client verifies a returned ID token like at sign-in).
 * `invalid_grant` (revoked, rotated away, expired) surfaces as the AuthError code `invalid_grant`.
 */
export async function refreshTokens(discovery: OidcDiscovery, config: AuthConfig, refreshToken: string): Promise<RefreshResult> {
  const oidc = await discovery.configuration(config);
  const client = await openIdClient();
  try {
    const response = await client.refreshTokenGrant(oidc, refreshToken);
    return {
      access_token: response.access_token,
      expires_in: response.expires_in,
      refresh_token: response.refresh_token,
      id_token: response.id_token,
      sub: response.claims()?.sub,
    };
  } catch (err) {
    throw toAuthError(err, 'refresh', config.profile.name);
  }
}

/** Revokes a token at the provider's revocation endpoint; `false` when it has none. */
export async function revokeToken(discovery: OidcDiscovery, config: AuthConfig, token: string, hint: 'refresh_token' | 'access_token'): Promise<boolean> {
  const oidc = await discovery.configuration(config);
  if (!oidc.serverMetadata().revocation_endpoint) return false;
  const client = await openIdClient();
  try {
    await client.tokenRevocation(oidc, token, { token_type_hint: hint });
    return true;
  } catch (err) {
    throw toAuthError(err, 'token', config.profile.name);
  }
}

/**
 * The provider's RP-initiated logout URL (with `id_token_hint` when known, `client_id` always,
 * and `post_logout_redirect_uri`), or `undefined` when it has no `end_session_endpoint` (netID).
 */
export async function endSessionUrl(discovery: OidcDiscovery, config: AuthConfig, idTokenHint: string | undefined, postLogoutRedirectUri: string): Promise<URL | undefined> {
  const oidc = await discovery.configuration(config);
  if (!oidc.serverMetadata().end_session_endpoint) return undefined;
  const client = await openIdClient();
  const params: Record<string, string> = { client_id: config.clientId, post_logout_redirect_uri: postLogoutRedirectUri };
  if (idTokenHint) params.id_token_hint = idTokenHint;
  return client.buildEndSessionUrl(oidc, params);
}

/** The provider's `jwks_uri` from discovery (for logout tokens), or `undefined` when it has none. */
export async function providerJwksUri(discovery: OidcDiscovery, config: AuthConfig): Promise<string | undefined> {
  return (await discovery.configuration(config)).serverMetadata().jwks_uri;
}
