import 'reflect-metadata';
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

/** A throw-away certificate authority (RSA 2048, self-signed), made at start-up for the iSHARE simulator and tests. */
export interface TestCa {
  /** PEM of the CA certificate. */
  certPem: string;
  /** The CA certificate for chain checks. */
  cert: X509Certificate;
  /** Issue a client certificate (leaf) for a party. */
  issue(options: ClientCertOptions): Promise<ClientCredentials>;
}

/** What a party's client certificate says and how strong its key is. */
export interface ClientCertOptions {
  /** The party's EORI (iSHARE identifier), put in the subject's serialNumber (2.5.4.5) like iSHARE certificates. */
  eori: string;
  /** Common name (default: the EORI). */
  commonName?: string;
  /** RSA modulus length (default 2048; 1024 makes the weak key the simulator must refuse). */
  modulusLength?: number;
  /** Validity (default: from yesterday for one year). */
  notBefore?: Date;
  notAfter?: Date;
}

/** A party's key and certificate chain, as PEM text (what `M2M_PROFILE_*_PRIVATE_KEY_FILE` and `_CERT_CHAIN_FILE` hold). */
export interface ClientCredentials {
  eori: string;
  /** PKCS#8 PEM (`BEGIN PRIVATE KEY`). */
  privateKeyPem: string;
  /** The same key as PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`). */
  privateKeyPkcs1Pem: string;
  /** Leaf first, then the CA. */
  certChainPem: string;
}

function generateRsa(modulusLength: number): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ ...RSA, modulusLength, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify']);
}

async function toPkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', key));
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
}

function serial(): string {
  // Positive, 16 bytes: the first bit cleared so it never reads as negative.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

/**
 * Create a fresh test CA. Every call makes a new key, so a chain from another run (or another
 * simulator instance) does not verify.
 *
 * @example
 * ```ts
 * const ca = await createTestCa();
 * const client = await ca.issue({ eori: 'EU.EORI.NL000000001' });
 * ```
 */
export async function createTestCa(name = 'CN=iSHARE Test CA (dev),O=netid-rp dev,C=NL'): Promise<TestCa> {
  const keys = await generateRsa(2048);
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    signingAlgorithm: RSA,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certPem = caCert.toString('pem');
  return {
    certPem,
    cert: new X509Certificate(certPem),
    async issue(options) {
      const leafKeys = await generateRsa(options.modulusLength ?? 2048);
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: `CN=${options.commonName ?? options.eori},2.5.4.5=${options.eori},C=NL`,
        issuer: caCert.subject,
        notBefore: options.notBefore ?? new Date(now - DAY),
        notAfter: options.notAfter ?? new Date(now + 365 * DAY),
        signingAlgorithm: RSA,
        publicKey: leafKeys.publicKey,
        signingKey: keys.privateKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
          await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
        ],
      });
      const privateKeyPem = await toPkcs8Pem(leafKeys.privateKey);
      return {
        eori: options.eori,
        privateKeyPem,
        privateKeyPkcs1Pem: createPrivateKey(privateKeyPem).export({ format: 'pem', type: 'pkcs1' }).toString(),
        certChainPem: `${leaf.toString('pem')}\n${certPem}\n`,
      };
    },
  };
}
