import { randomUUID } from 'node:crypto';
import { signWithBrokerKey, type BrokerKeys } from './keys';
import { PERMISSION_CENTER_AUDIENCE } from './types';

/** The scope (and claim name) that asks netID for a Permission Center token. */
export const PERMISSION_SCOPE = 'permission_management';

/** What a Permission Center token is minted for. */
export interface PermissionTokenSubject {
  /** The broker's issuer (with trailing slash). */
  issuer: string;
  /** The user's `sub`. */
  sub: string;
  /** The client (netID partner, "TAPP") the token was issued to. */
  clientId: string;
  /** Lifetime in seconds. */
  ttl: number;
}

/** The `permission_management` ID token claim of the SSO flow (netID docs, "Requesting Access Tokens"). */
export interface PermissionManagementClaim {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
}

/**
 * Mint a Permission Center access token: an RS256 JWT (`typ: at+jwt`, broker `kid`) with `iss`,
 * `sub`, `aud` = {@link PERMISSION_CENTER_AUDIENCE}, `client_id`, `scope`, `iat`, `exp`, `jti`.
 * The SSO flow (inside the ID token) and the standalone flow (top-level `access_token`) both use
 * this one function, so both tokens have exactly the same shape.
 */
export async function mintPermissionToken(keys: BrokerKeys, subject: PermissionTokenSubject): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return signWithBrokerKey(
    keys,
    {
      iss: subject.issuer,
      sub: subject.sub,
      aud: PERMISSION_CENTER_AUDIENCE,
      client_id: subject.clientId,
      scope: PERMISSION_SCOPE,
      iat,
      exp: iat + subject.ttl,
      jti: randomUUID(),
    },
    'RS256',
    'at+jwt',
  );
}

/** Mint the token and wrap it as the `permission_management` ID token claim. */
export async function permissionManagementClaim(
  keys: BrokerKeys,
  subject: PermissionTokenSubject,
): Promise<PermissionManagementClaim> {
  return { access_token: await mintPermissionToken(keys, subject), token_type: 'bearer', expires_in: subject.ttl };
}
