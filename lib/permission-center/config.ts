import { z } from 'zod';
import { configIssues, withoutBlank } from '../config';
import { ConfigError } from '../errors';
import { serviceUrl } from '../http';
import { LIVE_READ_URL, LIVE_WRITE_URL } from './media-types';

/** Validated configuration of the Permission Center client. */
export interface PermissionCenterConfig {
  /** Base URL of the READ service, without trailing slash. */
  readUrl: string;
  /** Base URL of the WRITE service, without trailing slash. */
  writeUrl: string;
  /** Timeout of every call, in milliseconds. */
  timeoutMs: number;
  /** Seconds before a token's expiry at which it already counts as expired (clock skew, time in flight). */
  expirySkewSeconds: number;
}

/** A base URL: `https://`, or `http://` on a loopback host only. Exported for the export config. */
export const baseUrl = serviceUrl
  .refine((v) => !URL.canParse(v) || (!new URL(v).search && !new URL(v).hash), { error: 'must not have a query or fragment' })
  .transform((v) => v.replace(/\/+$/, ''));

const schema = z.object({
  PERMISSION_CENTER_READ_URL: baseUrl.default(LIVE_READ_URL),
  PERMISSION_CENTER_WRITE_URL: baseUrl.default(LIVE_WRITE_URL),
  PERMISSION_CENTER_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int().min(100).max(120_000).default(5_000),
  PERMISSION_CENTER_EXPIRY_SKEW_SECONDS: z.coerce.number({ error: 'must be a number' }).int().min(0).max(300).default(10),
});

/**
 * Parses the Permission Center configuration from an environment object.
 * Unset URLs default to the netID LIVE hosts ({@link LIVE_READ_URL}, {@link LIVE_WRITE_URL});
 * `npm run dev` points them at the embedded simulator. Throws a {@link ConfigError} listing
 * every problem at once.
 *
 * @example
 * ```ts
 * const config = parsePermissionCenterConfig({ PERMISSION_CENTER_READ_URL: 'http://127.0.0.1:4001' })
 * ```
 */
export function parsePermissionCenterConfig(env: Record<string, string | undefined>): PermissionCenterConfig {
  // Blank values count as unset, so `VAR=` in a shell falls back to the default.
  const result = schema.safeParse(withoutBlank(env));
  if (!result.success) throw new ConfigError(configIssues(result.error));
  const e = result.data;
  return {
    readUrl: e.PERMISSION_CENTER_READ_URL,
    writeUrl: e.PERMISSION_CENTER_WRITE_URL,
    timeoutMs: e.PERMISSION_CENTER_TIMEOUT_MS,
    expirySkewSeconds: e.PERMISSION_CENTER_EXPIRY_SKEW_SECONDS,
  };
}

let cached: PermissionCenterConfig | undefined;

/** The process-wide configuration, parsed from `process.env` on first use (so `next build` needs none). */
export function getPermissionCenterConfig(): PermissionCenterConfig {
  cached ??= parsePermissionCenterConfig(process.env);
  return cached;
}
