import { z } from 'zod';
import { configIssues, withoutBlank } from '../config';
import { ConfigError } from '../errors';
import { baseUrl } from './config';
import { LIVE_EXPORT_URL } from './media-types';

/** Validated configuration of the partner-level data export client (HTTP Basic). */
export interface ExportConfig {
  /** Base URL of the DATA EXPORT service, without trailing slash. */
  exportUrl: string;
  username: string;
  password: string;
  /** Default `q.tapp_id.eq` (your netID partner client id), if set. */
  tappId: string | undefined;
  /** Timeout of the call, in milliseconds. */
  timeoutMs: number;
}

const required = z.string({ error: 'is required' }).min(1, { error: 'is required' });

const schema = z.object({
  PERMISSION_CENTER_EXPORT_URL: baseUrl.default(LIVE_EXPORT_URL),
  PERMISSION_CENTER_EXPORT_USERNAME: required,
  PERMISSION_CENTER_EXPORT_PASSWORD: required,
  PERMISSION_CENTER_EXPORT_TAPP_ID: z.string().trim().optional(),
  PERMISSION_CENTER_EXPORT_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int().min(100).max(600_000).default(60_000),
});

/**
 * Parses the export configuration: `PERMISSION_CENTER_EXPORT_URL` (default the LIVE host
 * {@link LIVE_EXPORT_URL}), `PERMISSION_CENTER_EXPORT_USERNAME` and `_PASSWORD` (the HTTP Basic
 * credentials netID provides at setup), optional `_TAPP_ID` and `_TIMEOUT_MS` (default 60000).
 * Throws a {@link ConfigError} listing every problem, never echoing a value.
 */
export function parseExportConfig(env: Record<string, string | undefined>): ExportConfig {
  // Blank values count as unset, so `VAR=` in a shell falls back to the default.
  const result = schema.safeParse(withoutBlank(env));
  if (!result.success) throw new ConfigError(configIssues(result.error));
  const e = result.data;
  return {
    exportUrl: e.PERMISSION_CENTER_EXPORT_URL,
    username: e.PERMISSION_CENTER_EXPORT_USERNAME,
    password: e.PERMISSION_CENTER_EXPORT_PASSWORD,
    tappId: e.PERMISSION_CENTER_EXPORT_TAPP_ID || undefined,
    timeoutMs: e.PERMISSION_CENTER_EXPORT_TIMEOUT_MS,
  };
}
