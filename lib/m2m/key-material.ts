import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

/** Smallest RSA modulus accepted for client assertions (iSHARE and RFC 7518 both ask for 2048). */
export const MIN_RSA_BITS = 2048;

/** A client's signing material, parsed and checked, ready for the assertion signer. */
export interface KeyMaterial {
  /** The RSA private key (from PKCS#8 or PKCS#1 PEM). */
  privateKey: KeyObject;
  /** The certificate chain as `x5c` values: base64 (not base64url) DER, leaf first. Empty without a chain. */
  x5c: string[];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Parse a PEM private key (PKCS#8 `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`) and check
 * it is RSA with at least {@link MIN_RSA_BITS} bits. Returns the problem as text instead of
 * throwing so the caller can list it with the others; the text never contains key material.
 */
export function parsePrivateKey(pem: string): KeyObject | string {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    return 'is not a readable PEM private key (PKCS#8 or PKCS#1, unencrypted)';
  }
  if (key.asymmetricKeyType !== 'rsa') return 'must be an RSA key (RS256)';
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return `must be at least ${MIN_RSA_BITS} bits (this key has ${bits})`;
  return key;
}

/**
 * Parse a PEM certificate chain (leaf first) into `x5c` values. Returns the problem as text when
 * the file holds no certificate or one that cannot be parsed.
 */
export function parseCertChain(pem: string): string[] | string {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) return 'holds no PEM certificate';
  try {
    return blocks.map((block) => new X509Certificate(block).raw.toString('base64'));
  } catch {
    return 'holds a certificate that cannot be parsed';
  }
}

/** True when the leaf certificate (first `x5c` entry) carries the public half of `privateKey`. */
export function leafMatchesKey(x5c: string[], privateKey: KeyObject): boolean {
  const first = x5c[0];
  if (!first) return false;
  const leaf = new X509Certificate(Buffer.from(first, 'base64'));
  return leaf.checkPrivateKey(privateKey);
}

/** Import the RSA key into WebCrypto for RS256 signing (non-extractable, `sign` only). */
export function toSigningKey(privateKey: KeyObject): Promise<CryptoKey> {
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  return crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
}
