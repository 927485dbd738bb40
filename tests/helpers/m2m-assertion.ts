import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { JWT_BEARER } from '@/packages/netid-rp-testing/src/m2m/ishare-verify';
import type { ClientCredentials } from '@/packages/netid-rp-testing/src/m2m/test-pki';

const b64u = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Base64 DER of every certificate in a PEM chain, leaf first (the `x5c` header). */
export function x5cOf(chainPem: string): string[] {
  return (chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((pem) =>
    new X509Certificate(pem).raw.toString('base64'),
  );
}

/** Header and payload changes for {@link ishareAssertion}; `undefined` values remove the field. */
export interface AssertionOverrides {
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
}

/**
 * A hand-made iSHARE client assertion (tests only: it must be able to produce broken ones,
 * e.g. with a 1024-bit key that jose refuses to sign with). Correct unless overridden.
 */
export function ishareAssertion(party: ClientCredentials, audience: string, overrides: AssertionOverrides = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  const header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', x5c: x5cOf(party.certChainPem), ...overrides.header };
  const payload: Record<string, unknown> = {
    iss: party.eori, sub: party.eori, aud: audience, jti: randomUUID(), iat, nbf: iat, exp: iat + 30, ...overrides.payload,
  };
  for (const obj of [header, payload]) for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  const input = `${b64u(header)}.${b64u(payload)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey(party.privateKeyPem)).toString('base64url');
  return `${input}.${signature}`;
}

/** POST an iSHARE token request with `assertion`; resolves with the status and JSON body. */
export async function postIshare(tokenUrl: string, clientId: string, assertion: string, extra: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_assertion_type: JWT_BEARER, client_assertion: assertion, ...extra });
  const res = await fetch(tokenUrl, { method: 'POST', body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
