import { createHash } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';

/**
 * The one place that imports iron-session. Seals JSON-able data with the first
 * password and unseals with any of them (rotation); unsealing never throws.
 */

/**
 * iron-session stores a password id in each seal, so ids must stay the same when the list
 * is rotated: derive each id from its password (a hash, never the password itself).
 */
function passwordId(password: string): string {
  return String(parseInt(createHash('sha256').update(password).digest('hex').slice(0, 12), 16));
}

function passwordMap(passwords: readonly string[]): Record<string, string> {
  return Object.fromEntries(passwords.map((p) => [passwordId(p), p]));
}

/** Seals `data` for `ttl` seconds. */
export async function seal(data: Record<string, unknown>, passwords: readonly string[], ttl: number): Promise<string> {
  // Only the first password seals (iron-session seals with the highest id of the map it gets).
  const first = passwords[0];
  if (!first) throw new Error('no session password');
  return sealData(data, { password: passwordMap([first]), ttl });
}

/** Unseals a value; returns `undefined` for anything tampered, expired, foreign or malformed. */
export async function unseal(value: string, passwords: readonly string[], ttl: number): Promise<Record<string, unknown> | undefined> {
  try {
    const data = await unsealData<Record<string, unknown>>(value, { password: passwordMap(passwords), ttl });
    return data && typeof data === 'object' && Object.keys(data).length > 0 ? data : undefined;
  } catch {
    return undefined;
  }
}
