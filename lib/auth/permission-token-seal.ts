import { z } from 'zod';
import type { PermissionToken } from './session';
import { seal, unsealSync } from './session-seal';

/** How long a sealed Permission Center token stays readable after it expires (clock skew, diagnostics). */
const GRACE_SECONDS = 60;

const sealedSchema = z.object({
  v: z.literal(1),
  bind: z.string(),
  token: z.object({ accessToken: z.string().min(1), tokenType: z.string(), expiresAt: z.number() }),
});

/**
 * Seals a Permission Center token for storage outside the session cookie (a framework's account
 * table), with the package's session sealing (iron-session `Fe26.2`, AES-256-CBC + HMAC-SHA256):
 * `passwords[0]` seals, any of them unseals (rotation). `binding` names where the value belongs
 * (e.g. provider and account id); {@link unsealPermissionToken} refuses it anywhere else, so a
 * sealed value copied to another row reads as nothing.
 *
 * @example
 * ```ts
 * const passwords = ['a-password-of-at-least-32-characters!!'];
 * const token = { accessToken: 'eyJ…', tokenType: 'Bearer', expiresAt: Math.floor(Date.now() / 1000) + 500 };
 * const sealed = await sealPermissionToken(token, 'netid:sub-1', passwords);
 * unsealPermissionToken(sealed, 'netid:sub-1', passwords); // token
 * unsealPermissionToken(sealed, 'netid:sub-2', passwords); // null
 * ```
 */
export async function sealPermissionToken(token: PermissionToken, binding: string, passwords: readonly string[]): Promise<string> {
  const ttl = Math.max(token.expiresAt - Math.floor(Date.now() / 1000), 1) + GRACE_SECONDS;
  return seal({ v: 1, bind: binding, token }, passwords, ttl);
}

/**
 * The token sealed by {@link sealPermissionToken} for `binding`; `null` for anything tampered,
 * foreign, bound elsewhere, or past its seal's lifetime. Expiry of the token itself is the caller's
 * decision (`token.expiresAt`). Never throws.
 */
export function unsealPermissionToken(value: string | null | undefined, binding: string, passwords: readonly string[]): PermissionToken | null {
  if (!value) return null;
  const parsed = sealedSchema.safeParse(unsealSync(value, passwords));
  return parsed.success && parsed.data.bind === binding ? parsed.data.token : null;
}
