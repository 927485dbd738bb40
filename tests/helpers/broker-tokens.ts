/**
 * Tokens of the embedded broker as the integration tests check or break them: verify a Permission
 * Center token the way the Permission Center would, or re-sign an ID token with a key the broker
 * never published (a forged signature that keeps every claim).
 *
 * @module
 */
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { PERMISSION_CENTER_AUDIENCE, type DevBroker } from 'netid-rp-testing';

/** The claims of a Permission Center token, after checking it against the broker's JWKS, issuer and the Permission Center audience. */
export async function verifyPermissionToken(broker: DevBroker, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(broker.jwksUri)), { issuer: broker.issuer, audience: PERMISSION_CENTER_AUDIENCE });
  return payload;
}

/** `idToken` with the same header `kid` and claims, signed RS256 by a fresh key the broker does not know. */
export async function forgeIdTokenSignature(idToken: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  const { kid } = decodeProtectedHeader(idToken);
  return new SignJWT(decodeJwt(idToken)).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
}
