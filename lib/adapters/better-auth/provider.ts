import type { OAuthProvider } from 'better-auth/oauth2';
import { getOAuthState } from 'better-auth/api';
import { type AuthConfig, type CodeExchangeResult, type Flow } from '../../auth';
import { extractPermissionToken, externalAuthorizationUrl, redeemExternalAuthorization, sealPermissionToken, userFromClaims, type AuthorizeExtras, type OidcDiscovery } from '../../auth/internal';

/** What the provider hands Better Auth as the profile: the user's claims (protocol claims and the token dropped). */
export type NetIdProfile = Record<string, unknown> & { sub: string };

/** The account fields the plugin adds (see the plugin's `schema`). */
export const TOKEN_FIELD = 'netidPermissionToken';
export const FLOW_FIELD = 'netidFlow';

/** Where a sealed token belongs: a value copied to another account row unseals to nothing. */
export function tokenBinding(providerId: string, accountId: string): string {
  return `${providerId}:${accountId}`;
}

/** Verified exchanges waiting for Better Auth's next two calls of the same callback (getUserInfo, getAccountFields). */
const MAX_PENDING = 1000;

function authorizeExtras(additional: Record<string, string> | undefined, loginHint: string | undefined): AuthorizeExtras {
  const extras: AuthorizeExtras = {};
  const prompt = additional?.prompt;
  if (prompt === 'login' || prompt === 'consent') extras.prompt = prompt;
  const hint = loginHint ?? additional?.login_hint;
  if (hint) extras.loginHint = hint;
  const maxAge = Number(additional?.max_age);
  if (additional?.max_age !== undefined && Number.isInteger(maxAge) && maxAge >= 0) extras.maxAge = maxAge;
  return extras;
}

function displayName(claims: Record<string, unknown>): string {
  const parts = [claims.given_name, claims.family_name].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.join(' ');
}

/**
 * netID's OpenID flows (`login`, `login-permission`) as a Better Auth social provider: Better Auth
 * keeps `state`, the PKCE verifier and the `nonce` in its own state store; the authorization URL and
 * the code exchange are the core's (scope and `claims` per flow, ID token verified against the
 * broker's JWKS with the pinned alg, `iss`/`aud`/`azp`/`exp`/`iat`/`nonce`, userinfo `sub` checked).
 * No `idToken` config: Better Auth's ID-token sign-in (`signIn.social({ idToken })`) is refused.
 */
export function netIdSocialProvider(
  providerId: string,
  flow: Exclude<Flow, 'permission'>,
  config: AuthConfig,
  passwords: readonly string[],
  discovery: OidcDiscovery,
): OAuthProvider<NetIdProfile> {
  const verified = new Map<string, CodeExchangeResult>();
  const remember = (idToken: string, result: CodeExchangeResult) => {
    if (verified.size >= MAX_PENDING) verified.delete(verified.keys().next().value as string);
    verified.set(idToken, result);
  };

  return {
    id: providerId,
    name: 'netID',
    // Better Auth compares the callback's `iss` with this before anything else.
    issuer: config.issuer,
    requiresIdTokenNonce: true,
    accountSubject: ({ profile }) => profile.sub,
    createAuthorizationURL({ state, codeVerifier, idTokenNonce, redirectURI, loginHint, additionalParams }) {
      // Client-chosen `scopes` are ignored: the flow decides the scope (and netID's `claims`).
      return externalAuthorizationUrl(discovery, config, {
        flow,
        redirectUri: redirectURI,
        state,
        codeVerifier,
        nonce: idTokenNonce,
        extras: authorizeExtras(additionalParams, loginHint),
      });
    },
    async validateAuthorizationCode({ code, codeVerifier, redirectURI }) {
      // Better Auth parsed and checked the state before calling us; its data holds the nonce it sent.
      const state = await getOAuthState<{ idTokenNonce?: string }>();
      if (!codeVerifier || !state?.idTokenNonce) return null;
      const result = await redeemExternalAuthorization(discovery, config, {
        flow,
        redirectUri: redirectURI,
        state: 'better-auth',
        codeVerifier,
        nonce: state.idTokenNonce,
        code,
      });
      const idToken = result.tokens.id_token;
      if (!idToken) return null;
      remember(idToken, result);
      const expiresIn = result.tokens.expires_in;
      return {
        tokenType: result.tokens.token_type,
        accessToken: result.tokens.access_token,
        idToken,
        accessTokenExpiresAt: typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : undefined,
        scopes: result.tokens.scope?.split(' '),
      };
    },
    async getUserInfo(tokens) {
      const result = tokens.idToken ? verified.get(tokens.idToken) : undefined;
      const claims = result?.idTokenClaims;
      if (!result || !claims || typeof claims.sub !== 'string') return null;
      // userFromClaims drops protocol claims and `permission_management`: the profile never carries the token.
      const profile = { ...userFromClaims(claims, result.userinfo), sub: claims.sub } as NetIdProfile;
      return {
        user: {
          email: typeof profile.email === 'string' ? profile.email : null,
          emailVerified: profile.email_verified === true,
          name: displayName(profile),
        },
        data: profile,
      };
    },
    options: {
      async getAccountFields(tokens) {
        const result = tokens.idToken ? verified.get(tokens.idToken) : undefined;
        if (tokens.idToken) verified.delete(tokens.idToken);
        const sub = result?.idTokenClaims?.sub;
        if (!result || typeof sub !== 'string') return undefined;
        const token = extractPermissionToken(flow, result.tokens, result.idTokenClaims);
        return {
          [TOKEN_FIELD]: token ? await sealPermissionToken(token, tokenBinding(providerId, sub), passwords) : null,
          [FLOW_FIELD]: flow,
        };
      },
    },
  };
}
