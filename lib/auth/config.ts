import { z } from 'zod';
import { isLoopbackHost } from './loopback';

/** ID token signature algorithms the RP accepts; `none` only on explicit opt-in. */
export type IdTokenAlg = 'RS256' | 'ES256' | 'none';
/** Client authentication at the broker's token endpoint. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** Validated runtime configuration of the netID relying party. */
export interface AuthConfig {
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
  /** Extra scopes for the `login` and `login-permission` flows (netID: profile, email, address). */
  scopes: string[];
  /** Optional OIDC `claims` request parameter (JSON text). */
  claims: string | undefined;
  /** Timeout in milliseconds for every call to the broker. */
  httpTimeoutMs: number;
  /** Absolute lifetime of a session in seconds. */
  sessionTtl: number;
  production: boolean;
}

/** One configuration problem, naming the variable but never echoing its value. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown when the environment does not form a valid configuration; lists every problem at once. */
export class ConfigError extends Error {
  readonly code = 'config_invalid' as const;
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(`Invalid netID configuration:\n${issues.map((i) => `- ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Dev-only session password; refused when NODE_ENV=production. */
export const DEV_SESSION_PASSWORD = 'dev-only-session-password-never-use-in-production!';

const url = z
  .string({ error: 'is required' })
  .trim()
  .min(1, { error: 'is required' })
  .superRefine((v, ctx) => {
    if (!URL.canParse(v)) {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL' });
      return;
    }
    const u = new URL(v);
    if (!(u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname))))
      ctx.addIssue({ code: 'custom', message: 'must use https:// (http:// is accepted only for loopback hosts)' });
  });

const required = z.string({ error: 'is required' }).trim().min(1, { error: 'is required' });

const schema = z.object({
  NETID_ISSUER: url,
  NETID_CLIENT_ID: required,
  NETID_CLIENT_SECRET: required,
  NETID_CLIENT_AUTH: z
    .enum(['client_secret_basic', 'client_secret_post'], { error: 'must be client_secret_basic or client_secret_post' })
    .default('client_secret_basic'),
  NETID_ID_TOKEN_ALG: z.enum(['RS256', 'ES256', 'none'], { error: 'must be RS256, ES256 or none' }).default('RS256'),
  NETID_SCOPES: z.string().default('profile email'),
  NETID_CLAIMS: z
    .string()
    .optional()
    .refine((v) => v === undefined || isJsonObject(v), { error: 'must be a JSON object (the OIDC claims parameter)' }),
  NETID_HTTP_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int().min(100).max(120_000).default(10_000),
  SESSION_TTL_SECONDS: z.coerce.number({ error: 'must be a number' }).int().min(60).max(30 * 86_400).default(8 * 3600),
  APP_URL: url,
  SESSION_PASSWORD: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

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
export function parseConfig(env: Record<string, string | undefined>): AuthConfig {
  const result = schema.safeParse(env);
  const issues: ConfigIssue[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      issues.push({ variable: String(issue.path[0] ?? 'environment'), message: issue.message });
    }
  }
  const production = env.NODE_ENV === 'production';
  const passwords = sessionPasswords(env.SESSION_PASSWORD, production, issues);
  if (!result.success || issues.length > 0) throw new ConfigError(issues);
  const e = result.data;
  const appUrl = e.APP_URL.replace(/\/+$/, '');
  return {
    issuer: e.NETID_ISSUER,
    clientId: e.NETID_CLIENT_ID,
    clientSecret: e.NETID_CLIENT_SECRET,
    clientAuth: e.NETID_CLIENT_AUTH,
    idTokenAlg: e.NETID_ID_TOKEN_ALG,
    appUrl,
    redirectUri: `${appUrl}/api/auth/callback`,
    sessionPasswords: passwords,
    scopes: e.NETID_SCOPES.split(/[\s,]+/).filter((s) => s && s !== 'openid' && s !== 'permission_management'),
    claims: e.NETID_CLAIMS,
    httpTimeoutMs: e.NETID_HTTP_TIMEOUT_MS,
    sessionTtl: e.SESSION_TTL_SECONDS,
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
