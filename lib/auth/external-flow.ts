import { ConfigError } from '../errors';
import type { AuthConfig, CodeExchangeResult, Flow } from './types';
import { AuthError } from './errors';
import { finishAuthorization, type AuthorizeExtras, type OidcDiscovery } from './oidc';

/** A sign-in whose `state`, PKCE verifier and `nonce` a framework keeps itself (Better Auth, …). */
export interface ExternalAuthorization {
  /** The netID flow (or `login` for other profiles). */
  flow: Flow;
  /** The redirect URI registered at the provider for this framework's callback route. */
  redirectUri: string;
  /** The framework's `state` value. */
  state: string;
  /** The PKCE verifier (43–128 characters); the challenge sent is its S256 hash. */
  codeVerifier: string;
  /** The `nonce` of an OpenID flow; required where the profile requires an ID token. */
  nonce?: string;
  /** `prompt`, `login_hint`, `max_age` (the last only in OpenID flows). */
  extras?: AuthorizeExtras;
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return Buffer.from(digest).toString('base64url');
}

/**
 * The provider's authorization URL for a sign-in whose state a framework keeps: the same scope,
 * `claims` and parameters as the core's own `/login` (the profile's shape of `flow`), PKCE S256.
 *
 * @throws AuthError `broker_unreachable`, `broker_timeout` or `broker_invalid_response` when the provider cannot be discovered;
 *   `config_invalid` when an OpenID flow has no `nonce`.
 */
export async function externalAuthorizationUrl(discovery: OidcDiscovery, config: AuthConfig, input: ExternalAuthorization): Promise<URL> {
  const shape = config.profile.authorization(input.flow, config);
  if (shape.idToken === 'required' && !input.nonce) throw new ConfigError([{ variable: 'nonce', message: 'An OpenID sign-in needs a nonce.' }], 'Invalid external sign-in');
  const oidc = await discovery.configuration(config);
  const endpoint = oidc.serverMetadata().authorization_endpoint;
  if (!endpoint) throw new AuthError('broker_invalid_response', { provider: config.profile.name });
  const url = new URL(endpoint);
  const params: Record<string, string> = {
    client_id: config.clientId,
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: shape.scope,
    state: input.state,
    code_challenge: await s256(input.codeVerifier),
    code_challenge_method: 'S256',
  };
  if (shape.idToken === 'required' && input.nonce) params.nonce = input.nonce;
  if (shape.claims) params.claims = shape.claims;
  if (input.extras?.prompt) params.prompt = input.extras.prompt;
  if (input.extras?.loginHint) params.login_hint = input.extras.loginHint;
  if (shape.idToken === 'required' && input.extras?.maxAge !== undefined) params.max_age = String(input.extras.maxAge);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

/**
 * Redeems the code of a sign-in started with {@link externalAuthorizationUrl}, after the framework
 * checked its `state`: the core's code exchange (PKCE verifier, client authentication, timeouts) and
 * full ID token verification (signature against the pinned alg and the provider's JWKS, `iss`, `aud`,
 * `azp`, `exp`, `iat`, `nonce`; missing in an OpenID flow is an error), userinfo as the profile says
 * (its `sub` checked against the ID token's). An `iss` of the authorization response must equal the
 * issuer.
 *
 * @throws AuthError with the same codes as the core's callback (`id_token_invalid`, `invalid_grant`, `token_request_failed`, …).
 */
export async function redeemExternalAuthorization(
  discovery: OidcDiscovery,
  config: AuthConfig,
  input: ExternalAuthorization & { code: string; iss?: string },
): Promise<CodeExchangeResult> {
  const callback = new URL(input.redirectUri);
  callback.search = '';
  callback.searchParams.set('code', input.code);
  callback.searchParams.set('state', input.state);
  // The framework compared any `iss` it got; one that comes is checked again here, one that did not is the issuer.
  callback.searchParams.set('iss', input.iss ?? (await discovery.configuration(config)).serverMetadata().issuer);
  return finishAuthorization(discovery, config, callback, {
    state: input.state,
    nonce: config.profile.authorization(input.flow, config).idToken === 'required' ? input.nonce : undefined,
    codeVerifier: input.codeVerifier,
    flow: input.flow,
    returnTo: '/',
    issuer: config.issuer,
    createdAt: Math.floor(Date.now() / 1000),
    ...(input.extras?.maxAge !== undefined ? { maxAge: input.extras.maxAge } : {}),
  });
}
