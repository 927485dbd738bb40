import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors';
import { m2mConfigError, type M2MConfigIssue } from './errors';
import { resolveProfile, type M2MProfile, type ProfileFieldNames } from './profile';

/** Environment variable suffixes of one profile (`M2M_PROFILE_<NAME>_<SUFFIX>`) and the field each fills. */
const SUFFIXES = {
  TOKEN_URL: 'tokenUrl',
  ISSUER: 'issuer',
  CLIENT_ID: 'clientId',
  CLIENT_SECRET: 'clientSecret',
  AUTH: 'auth',
  SCOPE: 'scope',
  RESOURCE: 'resource',
  PRIVATE_KEY_FILE: 'privateKey',
  CERT_CHAIN_FILE: 'certChain',
  AUDIENCE: 'audience',
  ASSERTION_PROFILE: 'assertionProfile',
  TIMEOUT_MS: 'timeoutMs',
} as const satisfies Record<string, keyof M2MProfile>;

type Suffix = keyof typeof SUFFIXES;
const FILE_SUFFIXES = new Set<Suffix>(['PRIVATE_KEY_FILE', 'CERT_CHAIN_FILE']);

/** The variable prefix of profile `name`: upper-cased, every character outside `A-Z0-9` becomes `_`. */
export function envPrefix(name: string): string {
  return `M2M_PROFILE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}

/** Names of the profiles that have at least one `M2M_PROFILE_<NAME>_*` variable set (upper case). */
export function listEnvProfiles(env: Record<string, string | undefined> = process.env): string[] {
  const names = new Set<string>();
  const suffixes = Object.keys(SUFFIXES).sort((a, b) => b.length - a.length);
  for (const key of Object.keys(env)) {
    if (!key.startsWith('M2M_PROFILE_') || env[key] === undefined) continue;
    const rest = key.slice('M2M_PROFILE_'.length);
    const suffix = suffixes.find((s) => rest.endsWith(`_${s}`));
    if (suffix) names.add(rest.slice(0, -suffix.length - 1));
  }
  return [...names].sort();
}

/**
 * Read profile `name` from the environment exactly as docs/m2m.md (the variables table) specifies:
 * `M2M_PROFILE_<NAME>_TOKEN_URL` (or `_ISSUER` for discovery), `_CLIENT_ID`, `_CLIENT_SECRET`,
 * `_AUTH` (`client_secret_basic` | `client_secret_post` | `private_key_jwt`), `_SCOPE`, and for
 * `private_key_jwt`: `_PRIVATE_KEY_FILE` (PEM), `_CERT_CHAIN_FILE` (PEM chain, leaf first),
 * `_AUDIENCE`, `_ASSERTION_PROFILE` (`ishare` or the default `rfc7523`). Also understood:
 * `_RESOURCE` (space-separated RFC 8707 resource URIs) and `_TIMEOUT_MS`.
 *
 * The profile is validated here; every problem is listed at once in a `ConfigError`
 * (`config_invalid`) naming the variable, never echoing a value.
 *
 * @example
 * ```ts
 * // M2M_PROFILE_DUENDE_ISSUER=https://demo.duendesoftware.com M2M_PROFILE_DUENDE_CLIENT_ID=m2m …
 * import { createTokenSource } from 'netid-rp/m2m';
 * const source = createTokenSource(profileFromEnv('duende'));
 * ```
 */
export function profileFromEnv(name: string, env: Record<string, string | undefined> = process.env): M2MProfile {
  const prefix = envPrefix(name);
  const names: ProfileFieldNames = {};
  const raw: Record<string, unknown> = {};
  const fileIssues: M2MConfigIssue[] = [];
  for (const [suffix, field] of Object.entries(SUFFIXES) as Array<[Suffix, keyof M2MProfile]>) {
    const variable = `${prefix}${suffix}`;
    names[field] = variable;
    const value = env[variable];
    if (value === undefined || value.trim() === '') continue;
    if (FILE_SUFFIXES.has(suffix)) {
      try {
        raw[field] = readFileSync(value.trim(), 'utf8');
      } catch {
        fileIssues.push({ variable, message: 'names a file that cannot be read' });
      }
    } else if (suffix === 'RESOURCE') {
      raw[field] = value.trim().split(/\s+/);
    } else {
      raw[field] = value;
    }
  }
  if (Object.keys(raw).length === 0 && fileIssues.length === 0) {
    throw m2mConfigError([{ variable: `${prefix}*`, message: `no variables set for profile "${name}"` }]);
  }
  const profile = raw as unknown as M2MProfile;
  try {
    resolveProfile(profile, names);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // A file that could not be read is reported once, not again as "is required".
    const unread = new Set(fileIssues.map((i) => i.variable));
    const issues = [...fileIssues, ...err.issues.filter((i) => !unread.has(i.variable))];
    throw m2mConfigError(issues);
  }
  if (fileIssues.length) throw m2mConfigError(fileIssues);
  return profile;
}
