import { flowScope, flowUsesOpenId } from '../flows';
import { extractPermissionToken } from '../permission-token';
import { userFromClaims } from '../user-claims';
import type { ProviderProfile } from './profile';

/** Scopes the netID flows add themselves; configured extras never repeat them. */
const FLOW_SCOPES = new Set(['openid', 'permission_management']);

/** netID's extra scopes as configured, without the ones its flows add (`openid`, `permission_management`). */
export function netIdExtraScopes(configured: readonly string[]): string[] {
  return configured.filter((s) => s !== '' && !FLOW_SCOPES.has(s));
}

/**
 * Whether a netID sign-in reads userinfo: netID's ID token carries no profile claims, so userinfo
 * is read when profile scopes or userinfo claims were asked for.
 */
export function netIdWantsUserinfo(extraScopes: readonly string[], claims: string | Record<string, unknown> | undefined): boolean {
  if (extraScopes.length > 0) return true;
  if (claims === undefined) return false;
  try {
    const parsed: unknown = typeof claims === 'string' ? JSON.parse(claims) : claims;
    return typeof parsed === 'object' && parsed !== null && 'userinfo' in parsed;
  } catch {
    return false;
  }
}

/**
 * The netID broker: three flows (`login`, `login-permission`, `permission`), the Permission
 * Center token from the ID token claim (SSO) or the token response (standalone), no refresh
 * tokens, no end-session endpoint (logout is local).
 */
export const netIdProfile: ProviderProfile = {
  id: 'netid',
  name: 'netID',
  defaults: { scopes: ['profile', 'email'], clientAuth: 'client_secret_basic', idTokenAlg: 'RS256' },
  flows: true,
  refreshes: false,
  endsSessionAtProvider: false,
  scopes: netIdExtraScopes,
  authorization(flow, config) {
    const openid = flowUsesOpenId(flow);
    return {
      scope: flowScope(flow, config.scopes),
      idToken: openid ? 'required' : 'none',
      // The standalone flow is plain OAuth: netID drops claims there, and so do we.
      claims: openid ? config.claims : undefined,
      userinfo: openid && netIdWantsUserinfo(config.scopes, config.claims),
    };
  },
  session(result, flow, now) {
    // The seam has already refused a missing ID token in the OpenID flows and ignores one in `permission`.
    const claims = result.idTokenClaims;
    return {
      user: claims ? userFromClaims(claims, result.userinfo) : null,
      permissionToken: extractPermissionToken(flow, result.tokens, claims, now),
      // netID issues no refresh tokens and its access token only serves userinfo: keep the cookie small.
      tokens: null,
    };
  },
};
