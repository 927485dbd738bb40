import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors';
import { serviceUrl } from '../http';

export { ConfigError, type ConfigIssue };

/** ID token signature algorithms the RP accepts; `none` only on explicit opt-in. */
export type IdTokenAlg = 'RS256' | 'ES256' | 'none';
/** Client authentication at the broker's token endpoint. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** Validated runtime configuration of the netID relying party. */
export interface AuthConfig {
  /** `netid` (default): the netID broker and its three flows; `oidc`: a generic provider with refresh tokens. */
  provider: 'netid' | 'oidc';
  issuer: string;
  clientId: string;
  clientSecret: string;
  clientAuth: ClientAuthMethod;
  idTokenAlg: IdTokenAlg;
  /** Public base URL of the app, without trailing slash. */
  appUrl: string;
  /** `${appUrl}/api/auth/callback` */
  redirectUri: string;
  /** First entry seals, all entries unseal. */
  sessionPasswords: string[];
  /**
   * netID: extra scopes for the `login` and `login-permission` flows (profile, email, address).
   * oidc: the whole scope list (`OIDC_SCOPES`).
   */
  scopes: string[];
  /** Optional OIDC `claims` request parameter (JSON text). */
  claims: string | undefined;
  /** Base URL that `/api/upstream/*` forwards to (`UPSTREAM_API_URL`), without trailing slash. */
  upstreamUrl: string | undefined;
  /** Timeout in milliseconds for every call to the broker. */
  httpTimeoutMs: number;
  /** Absolute lifetime of a session in seconds. */
  sessionTtl: number;
  production: boolean;
}

/** Dev-only session password; refused when NODE_ENV=production. */
export const DEV_SESSION_PASSWORD = 'dev-only-session-password-never-use-in-production!';

const url = serviceUrl;

const required = z.string({ error: 'is required' }).trim().min(1, { error: 'is required' });

const clientAuth = z
  .enum(['client_secret_basic', 'client_secret_post'], { error: 'must be client_secret_basic or client_secret_post' })
  .default('client_secret_basic');
const idTokenAlg = z.enum(['RS256', 'ES256', 'none'], { error: 'must be RS256, ES256 or none' }).default('RS256');

const commonSchema = z.object({
  AUTH_PROVIDER: z.enum(['netid', 'oidc'], { error: 'must be netid or oidc' }).default('netid'),
  NETID_HTTP_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int().min(100).max(120_000).default(10_000),
  SESSION_TTL_SECONDS: z.coerce.number({ error: 'must be a number' }).int().min(60).max(30 * 86_400).default(8 * 3600),
  APP_URL: url,
  UPSTREAM_API_URL: url.optional(),
  SESSION_PASSWORD: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

const netidSchema = z.object({
  NETID_ISSUER: url,
  NETID_CLIENT_ID: required,
  NETID_CLIENT_SECRET: required,
  NETID_CLIENT_AUTH: clientAuth,
  NETID_ID_TOKEN_ALG: idTokenAlg,
  NETID_SCOPES: z.string().default('profile email'),
  NETID_CLAIMS: z
    .string()
    .optional()
    .refine((v) => v === undefined || isJsonObject(v), { error: 'must be a JSON object (the OIDC claims parameter)' }),
});

const oidcSchema = z.object({
  OIDC_ISSUER: url,
  OIDC_CLIENT_ID: required,
  OIDC_CLIENT_SECRET: required,
  OIDC_CLIENT_AUTH: clientAuth,
  OIDC_ID_TOKEN_ALG: idTokenAlg,
  OIDC_SCOPES: z
    .string()
    .default('openid profile email offline_access')
    .refine((v) => v.split(/\s+/).includes('openid'), { error: 'must include openid' }),
});

type ProviderSettings = Pick<AuthConfig, 'issuer' | 'clientId' | 'clientSecret' | 'clientAuth' | 'idTokenAlg' | 'scopes' | 'claims'>;

function netidSettings(e: z.infer<typeof netidSchema>): ProviderSettings {
  return {
    issuer: e.NETID_ISSUER,
    clientId: e.NETID_CLIENT_ID,
    clientSecret: e.NETID_CLIENT_SECRET,
    clientAuth: e.NETID_CLIENT_AUTH,
    idTokenAlg: e.NETID_ID_TOKEN_ALG,
    scopes: e.NETID_SCOPES.split(/[\s,]+/).filter((s) => s && s !== 'openid' && s !== 'permission_management'),
    claims: e.NETID_CLAIMS,
  };
}

function oidcSettings(e: z.infer<typeof oidcSchema>): ProviderSettings {
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    clientAuth: e.OIDC_CLIENT_AUTH,
    idTokenAlg: e.OIDC_ID_TOKEN_ALG,
    scopes: e.OIDC_SCOPES.split(/\s+/).filter(Boolean),
    claims: undefined,
  };
}

/** Env values that are set but empty count as unset (e.g. `NETID_ISSUER=` to force the embedded broker). */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1].trim() !== ''));
}

function collect(issues: ConfigIssue[], error: z.ZodError | undefined): void {
  for (const issue of error?.issues ?? []) issues.push({ variable: String(issue.path[0] ?? 'environment'), message: issue.message });
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function sessionPasswords(raw: string | undefined, production: boolean, issues: ConfigIssue[]): string[] {
  const variable = 'SESSION_PASSWORD';
  if (raw === undefined || raw.trim() === '') {
    if (production) issues.push({ variable, message: 'is required in production (at least 32 characters)' });
    return [DEV_SESSION_PASSWORD];
  }
  const list = raw.split(',').map((p) => p.trim());
  if (list.some((p) => p.length < 32)) issues.push({ variable, message: 'every password must be at least 32 characters' });
  if (production && list.includes(DEV_SESSION_PASSWORD))
    issues.push({ variable, message: 'the dev-only password is refused in production' });
  return list;
}

/**
 * Parses and validates configuration from an environment object.
 * Every problem is reported at once in a {@link ConfigError}; no value is echoed.
 *
 * @example
 * ```ts
 * const config = parseConfig(process.env)
 * ```
 */
export function parseConfig(rawEnv: Record<string, string | undefined>): AuthConfig {
  const env = withoutEmpty(rawEnv);
  const issues: ConfigIssue[] = [];
  const common = commonSchema.safeParse(env);
  collect(issues, common.error);
  const provider = common.data?.AUTH_PROVIDER ?? (env.AUTH_PROVIDER === 'oidc' ? 'oidc' : 'netid');
  const specific = provider === 'oidc' ? oidcSchema.safeParse(env) : netidSchema.safeParse(env);
  collect(issues, specific.error);
  const production = env.NODE_ENV === 'production';
  const passwords = sessionPasswords(env.SESSION_PASSWORD, production, issues);
  if (!common.success || !specific.success || issues.length > 0) throw new ConfigError(issues);
  const c = common.data;
  const settings =
    provider === 'oidc'
      ? oidcSettings(specific.data as z.infer<typeof oidcSchema>)
      : netidSettings(specific.data as z.infer<typeof netidSchema>);
  const appUrl = c.APP_URL.replace(/\/+$/, '');
  return {
    provider,
    ...settings,
    appUrl,
    redirectUri: `${appUrl}/api/auth/callback`,
    sessionPasswords: passwords,
    upstreamUrl: c.UPSTREAM_API_URL?.replace(/\/+$/, ''),
    httpTimeoutMs: c.NETID_HTTP_TIMEOUT_MS,
    sessionTtl: c.SESSION_TTL_SECONDS,
    production,
  };
}

let cached: AuthConfig | undefined;

/**
 * The process-wide configuration, parsed lazily on first use from `process.env`
 * (so `next build` needs no secrets).
 */
export function getConfig(): AuthConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
