/** Used when a Permission Center token arrives without a usable `expires_in` (netID's live about 500 s). */
export const DEFAULT_PERMISSION_TOKEN_TTL = 500;
/** Default lifetime assumed for a user or M2M access token that comes without `expires_in`. */
export const DEFAULT_ACCESS_TOKEN_TTL = 300;
/** Upper bound we believe for `expires_in`; anything longer is clamped, never "forever". */
export const MAX_TOKEN_TTL = 24 * 3600;

/** How {@link tokenLifetime} reads an `expires_in`. */
export interface TokenLifetimeOptions {
  /** Longest lifetime trusted (seconds); default {@link MAX_TOKEN_TTL}. */
  max?: number;
  /**
   * What a zero or negative `expires_in` means: `fallback` (a token kept in a session: treat it as
   * unknown) or `expired` (a token handed out once and never cached: 0). Default `fallback`.
   */
  nonPositive?: 'fallback' | 'expired';
}

/**
 * The one rule for trusting a token response's `expires_in` (whole seconds): `fallback` when it
 * is missing or not a finite number, clamped to `max`, never "forever".
 *
 * @example
 * ```ts
 * tokenLifetime(604_800, 300); // 86400
 * tokenLifetime(undefined, 300); // 300
 * tokenLifetime(0, 300, { nonPositive: 'expired' }); // 0
 * ```
 */
export function tokenLifetime(expiresIn: number | undefined, fallback: number, options: TokenLifetimeOptions = {}): number {
  if (expiresIn === undefined || !Number.isFinite(expiresIn)) return fallback;
  if (expiresIn <= 0) return options.nonPositive === 'expired' ? 0 : fallback;
  return Math.min(Math.floor(expiresIn), options.max ?? MAX_TOKEN_TTL);
}
