import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { sealData } from 'iron-session';

/**
 * The one place that imports iron-session. Seals JSON-able data with the first password and
 * unseals with any of them (rotation); unsealing never throws.
 *
 * Sealing (sign-in, refresh: rare) is iron-session's own `sealData`. Unsealing (every request)
 * reads the same Iron `Fe26.2` format with synchronous `node:crypto` calls: iron-session 8 goes
 * through iron-webcrypto's chain of async WebCrypto calls (about ten promise hops and four
 * thread-pool jobs per cookie), which costs an order of magnitude more than the cryptography.
 * OpenSSL still does all of the cryptography here; this file only splits the string and applies
 * iron-webcrypto's `unseal` rules in its order (stricter on two points, noted where they apply),
 * and is tested against iron-session's `sealData`/`unsealData` in both directions.
 */

/** iron-session's seal-format version suffix (`<Fe26.2 seal>~2`). */
const VERSION_SUFFIX = '~2';
/** Iron's MAC prefix (format version 2). */
const MAC_PREFIX = 'Fe26.2';
/** Iron's default clock skew: a seal is refused `timestampSkewSec` (60 s) after its expiration. */
const SKEW_MS = 60_000;
/** Iron defaults (iron-session uses them as they are): PBKDF2-SHA1, 1 iteration, 256-bit keys. */
const KEY_BYTES = 32;
const IV_BYTES = 16;
/** Length of a base64url HMAC-SHA256 digest: what a valid seal's last component must be. */
const DIGEST_CHARS = 43;

/**
 * iron-session stores a password id in each seal, so ids must stay the same when the list
 * is rotated: derive each id from its password (a hash, never the password itself).
 */
function passwordId(password: string): string {
  return String(parseInt(createHash('sha256').update(password).digest('hex').slice(0, 12), 16));
}

/**
 * Password id → password bytes, per password list (the list of a resolved configuration lives as
 * long as it does). The only thing an unseal can reuse: both PBKDF2 salts are random per seal, so
 * a derived key is never needed twice and none is cached.
 */
const unsealKeys = new WeakMap<readonly string[], ReadonlyMap<string, Buffer>>();

function keysFor(passwords: readonly string[]): ReadonlyMap<string, Buffer> {
  let keys = unsealKeys.get(passwords);
  if (!keys) {
    keys = new Map(passwords.map((p) => [passwordId(p), Buffer.from(p, 'utf8')]));
    unsealKeys.set(passwords, keys);
  }
  return keys;
}

/** Seals `data` for `ttl` seconds. */
export async function seal(data: Record<string, unknown>, passwords: readonly string[], ttl: number): Promise<string> {
  // Only the first password seals (iron-session seals with the highest id of the map it gets).
  const first = passwords[0];
  if (!first) throw new Error('no session password');
  return sealData(data, { password: { [passwordId(first)]: first }, ttl });
}

/** PBKDF2-HMAC-SHA1, one iteration, as Iron derives both its keys; `salt` is used as its UTF-8 text. */
function deriveKey(password: Buffer, salt: string): Buffer {
  return pbkdf2Sync(password, salt, 1, KEY_BYTES, 'sha1');
}

/**
 * Unseals an iron-session seal synchronously; `undefined` for anything tampered, expired, foreign
 * or malformed. Checks in Iron's order: shape, prefix, expiration, password id, HMAC (constant
 * time), then decryption, and only then parses.
 */
export function unsealSync(value: string, passwords: readonly string[], now = Date.now()): Record<string, unknown> | undefined {
  if (!value.endsWith(VERSION_SUFFIX)) return undefined;
  const parts = value.slice(0, -VERSION_SUFFIX.length).split('*');
  if (parts.length !== 8) return undefined;
  const [prefix, id, encryptionSalt, iv, encrypted, expiration, hmacSalt, hmac] = parts as [string, string, string, string, string, string, string, string];
  if (prefix !== MAC_PREFIX) return undefined;
  // Iron accepts a seal without expiration; ours always carry one, so one without is not ours.
  if (!/^\d+$/.test(expiration) || Number(expiration) <= now - SKEW_MS) return undefined;
  // A Map, not an object: an id like `__proto__` or `toString` finds nothing (Iron's `in` would).
  const password = keysFor(passwords).get(id || 'default');
  // An empty salt would make Iron derive with a random one, which can never verify.
  if (!password || !encryptionSalt || !hmacSalt || hmac.length !== DIGEST_CHARS) return undefined;
  const digest = createHmac('sha256', deriveKey(password, hmacSalt)).update(parts.slice(0, 6).join('*')).digest('base64url');
  // Iron compares the base64url texts; so do we, in constant time (the length, 43, is public).
  const given = Buffer.from(hmac, 'utf8');
  if (given.length !== DIGEST_CHARS || !timingSafeEqual(given, Buffer.from(digest, 'utf8'))) return undefined;
  try {
    const ivBytes = Buffer.from(iv, 'base64url');
    if (ivBytes.length !== IV_BYTES) return undefined;
    const decipher = createDecipheriv('aes-256-cbc', deriveKey(password, encryptionSalt), ivBytes);
    const plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64url')), decipher.final()]).toString('utf8');
    const data: unknown = JSON.parse(plain);
    return data && typeof data === 'object' && !Array.isArray(data) && Object.keys(data).length > 0 ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Unseals a value; returns `undefined` for anything tampered, expired, foreign or malformed.
 * `_ttl` is ignored (as iron-session's `unsealData` ignores it): the expiry travels in the seal.
 */
export async function unseal(value: string, passwords: readonly string[], _ttl?: number): Promise<Record<string, unknown> | undefined> {
  return unsealSync(value, passwords);
}
