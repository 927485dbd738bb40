import { randomUUID } from 'node:crypto';
import { base64url, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { DevBrokerIdTokenAlg } from './types';

/** Signature algorithms the broker holds a key for. */
export type BrokerSigningAlg = Exclude<DevBrokerIdTokenAlg, 'none'>;

/** One signing key of the broker: the private key for jose, and its JWK (private) for oidc-provider. */
export interface BrokerSigningKey {
  alg: BrokerSigningAlg;
  kid: string;
  privateKey: CryptoKey;
  /** Private JWK with `kid`, `alg` and `use: 'sig'`, as oidc-provider's `jwks` option expects. */
  privateJwk: JWK;
}

/** The broker's key set: one RSA 2048 key (RS256) and one P-256 key (ES256), fresh per start. */
export interface BrokerKeys {
  byAlg: Record<BrokerSigningAlg, BrokerSigningKey>;
  /** `{ keys: [...] }` with the private JWKs, for oidc-provider (which publishes only the public parts). */
  providerJwks: { keys: JWK[] };
}

async function generateSigningKey(alg: BrokerSigningAlg): Promise<BrokerSigningKey> {
  const options = alg === 'RS256' ? { extractable: true, modulusLength: 2048 } : { extractable: true };
  const { privateKey } = await generateKeyPair(alg, options);
  const kid = `dev-${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, privateJwk };
}

/** Generate the broker's signing keys (takes a few tens of milliseconds, mostly the RSA key). */
export async function generateBrokerKeys(): Promise<BrokerKeys> {
  const [rs, es] = await Promise.all([generateSigningKey('RS256'), generateSigningKey('ES256')]);
  return { byAlg: { RS256: rs, ES256: es }, providerJwks: { keys: [rs.privateJwk, es.privateJwk] } };
}

/**
 * Encode an unsecured JWT (`alg: none`): `base64url(header).base64url(payload).` with an empty
 * signature, the shape netID used to send before it offered signing.
 */
export function encodeUnsecuredJwt(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode({ ...header, alg: 'none' })}.${encode(payload)}.`;
}

/**
 * Sign `payload` as is (no claims added) with the broker key for `alg`, `kid` in the header.
 * `none` gives an unsecured JWT. `typ` sets the header's `typ` (e.g. `at+jwt`).
 */
export async function signWithBrokerKey(
  keys: BrokerKeys,
  payload: Record<string, unknown>,
  alg: DevBrokerIdTokenAlg = 'RS256',
  typ?: string,
): Promise<string> {
  if (alg === 'none') return encodeUnsecuredJwt(payload, typ ? { typ } : {});
  const key = keys.byAlg[alg];
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader({ alg, kid: key.kid, ...(typ ? { typ } : {}) })
    .sign(key.privateKey);
}
