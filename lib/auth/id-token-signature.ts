import { jwtVerify, type JWTPayload } from 'jose';
import { ConfigError } from '../errors';
import type { AuthConfig } from './types';
import { AuthError } from './errors';
import { providerJwksUri, type OidcDiscovery } from './oidc';

/** Largest ID token looked at (netID's are about 1–2 KB). */
const MAX_ID_TOKEN_LENGTH = 16_384;

/**
 * Verifies an ID token that a framework redeemed itself (Auth.js v5 redeems the code with
 * oauth4webapi, which checks the claims but not the JWS signature of a token-endpoint ID token):
 * the signature against the provider's JWKS (from discovery) with the pinned alg only, `iss`,
 * `aud`, `exp` (30 s skew), and `azp` when there are several audiences. With `idTokenAlg: 'none'`
 * (the explicit opt-in) there is no signature to check and the claims the framework checked stand.
 *
 * @throws AuthError `id_token_invalid`; discovery failures with their own codes.
 */
export async function verifyIdTokenSignature(discovery: OidcDiscovery, idToken: string, config: AuthConfig): Promise<JWTPayload> {
  if (config.idTokenAlg === 'none') throw new ConfigError([{ variable: 'idTokenAlg', message: 'An unsigned ID token has no signature to verify.' }], 'Invalid ID token check');
  if (idToken.length > MAX_ID_TOKEN_LENGTH) throw new AuthError('id_token_invalid', { provider: config.profile.name });
  const uri = await providerJwksUri(discovery, config);
  if (!uri) throw new AuthError('broker_invalid_response', { provider: config.profile.name });
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, discovery.jwks(uri, config.httpTimeoutMs), {
      issuer: config.issuer,
      audience: config.clientId,
      algorithms: [config.idTokenAlg],
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: 30,
    }));
  } catch (err) {
    throw new AuthError('id_token_invalid', { cause: err, provider: config.profile.name });
  }
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== config.clientId) {
    throw new AuthError('id_token_invalid', { provider: config.profile.name });
  }
  return payload;
}
