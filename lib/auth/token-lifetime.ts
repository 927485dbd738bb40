/** Used when a Permission Center token arrives without a usable `expires_in` (netID's live about 500 s). */
export const DEFAULT_PERMISSION_TOKEN_TTL = 500;
/** Default lifetime assumed for a user access token that comes without `expires_in`. */
export const DEFAULT_ACCESS_TOKEN_TTL = 300;
/** Upper bound we believe for `expires_in`; anything longer is clamped, never "forever". */
export const MAX_TOKEN_TTL = 24 * 3600;

/**
 * A token lifetime in seconds we can trust: `fallback` for a missing, non-finite or non-positive
 * `expires_in`, whole seconds, at most {@link MAX_TOKEN_TTL}.
 */
export function tokenLifetime(expiresIn: number | undefined, fallback: number): number {
  if (expiresIn === undefined || !Number.isFinite(expiresIn) || expiresIn <= 0) return fallback;
  return Math.min(Math.floor(expiresIn), MAX_TOKEN_TTL);
}
