import { createHash, hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';
import { ConfigError } from '../errors';

/** Seals values kept in Redis (refresh results, M2M tokens): nothing lands there in the clear. */
export interface Sealer {
  seal(data: unknown): Promise<string>;
  /** `undefined` for anything tampered, foreign or malformed. */
  unseal<T>(value: string): Promise<T | undefined>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * An AES-256-GCM sealer (a compact JWE, `dir`) with keys derived per `purpose` from `secret`
 * (HKDF-SHA256). A list rotates: the first seals, all unseal (each seal names its key by a
 * hash, never the secret).
 */
export function createSealer(secret: string | readonly string[], purpose: string): Sealer {
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0 || secrets.some((s) => s.length < 32)) {
    throw new ConfigError([{ variable: 'secret', message: 'every secret must be at least 32 characters' }], 'Invalid Redis store options');
  }
  const keys = secrets.map((s) => ({
    kid: createHash('sha256').update(`${purpose}\u0000${s}`).digest('base64url').slice(0, 16),
    key: new Uint8Array(hkdfSync('sha256', s, 'netid-rp/redis', purpose, 32)),
  }));
  const byKid = new Map(keys.map((k) => [k.kid, k.key]));
  const first = keys[0]!;
  return {
    seal: (data) =>
      new CompactEncrypt(encoder.encode(JSON.stringify(data))).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: first.kid }).encrypt(first.key),
    async unseal<T>(value: string): Promise<T | undefined> {
      try {
        const key = byKid.get(String(decodeProtectedHeader(value).kid));
        if (!key) return undefined;
        const { plaintext } = await compactDecrypt(value, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
        return JSON.parse(decoder.decode(plaintext)) as T;
      } catch {
        return undefined;
      }
    },
  };
}

/** A key-safe digest (base64url SHA-256): Redis keys never hold a token, id or user name as it is. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
