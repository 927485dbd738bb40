import { z } from 'zod';
import { clientAuthRule, configIssues, CLIENT_SECRET_AUTH_METHODS, idTokenAlgRule } from '../config';
import { ConfigError, type ConfigIssue } from '../errors';
import { isLoopbackHost, serviceUrl } from '../http';
import { DEFAULT_FLOW, FLOWS } from './flows';
import { isProfileName, PROFILES } from './profiles';
import { REDIS_ENTRY_NEEDED, redisUrlRule, redisWiringRule } from './redis-wiring';
import { createCookieSessionStore } from './session';
import { resolveRoutes, routesSchema } from './routes';
import type { AuthConfig, AuthLogger, NetIdAuthOptions, ProviderProfile, SessionStore } from './types';

export type { AuthLogger, NetIdAuthOptions };

/** Dev-only session password; refused in production. */
export const DEV_SESSION_PASSWORD = 'dev-only-session-password-never-use-in-production!';

/**
 * Passwords that start with this are dev-only (the default above, and the one `netid-rp-testing dev-stack`
 * prints): refused in production unless the app URL is loopback, so `next start` on one's own
 * machine runs on the dev stack's variables while a deployment cannot.
 */
const DEV_ONLY_PREFIX = 'dev-only-';

/** Where {@link optionsFromEnv} records which variable each option came from, so problems name the variable. */
export const OPTION_NAMES: unique symbol = Symbol.for('netid-rp.optionNames');

/** Options that carry the variable names they came from. */
export type NamedOptions = NetIdAuthOptions & { [OPTION_NAMES]?: Readonly<Record<string, string>> };

const required = z.string({ error: 'is required' }).trim().min(1, { error: 'is required' });
const profileRule = z.union([z.custom<ProviderProfile>((v) => typeof v === 'object' && v !== null && 'authorization' in v), z.string()]).refine(
  (v) => typeof v !== 'string' || isProfileName(v),
  { error: `must be ${Object.keys(PROFILES).join(', ')} or a ProviderProfile` },
);
const claimsRule = z
  .union([z.string(), z.record(z.string(), z.unknown())], { error: 'must be a JSON object (the OIDC claims parameter)' })
  .refine((v) => typeof v !== 'string' || isJsonObject(v), { error: 'must be a JSON object (the OIDC claims parameter)' });

const schema = z.object({
  profile: profileRule.optional(),
  issuer: serviceUrl,
  clientId: required,
  clientSecret: required,
  clientAuth: clientAuthRule(CLIENT_SECRET_AUTH_METHODS).optional(),
  idTokenAlg: idTokenAlgRule.optional(),
  appUrl: serviceUrl,
  session: z
    .object({
      password: z.union([z.string(), z.array(z.string())], { error: 'must be a string or a list of strings' }).optional(),
      ttlSeconds: z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(60).max(30 * 86_400).optional(),
      store: z
        .union([z.enum(['cookie', 'redis']), z.custom<SessionStore>((v) => typeof v === 'object' && v !== null && 'load' in v && 'save' in v && 'destroy' in v)], {
          error: 'must be cookie, redis or a SessionStore',
        })
        .optional(),
    })
    .optional(),
  flows: z.object({ default: z.enum(FLOWS, { error: `must be ${FLOWS.join(', ')}` }).optional() }).optional(),
  scopes: z.array(z.string(), { error: 'must be a list of scopes' }).optional(),
  claims: claimsRule.optional(),
  upstreamUrl: serviceUrl.optional(),
  redisUrl: redisUrlRule.optional(),
  redis: redisWiringRule.optional(),
  httpTimeoutMs: z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(100).max(120_000).optional(),
  routes: routesSchema.optional(),
  production: z.boolean({ error: 'must be true or false' }).optional(),
});

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function sessionPasswords(raw: string | readonly string[] | undefined, production: boolean, loopbackApp: boolean, issue: (message: string) => void): string[] {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)) {
    if (production) issue('is required in production (at least 32 characters)');
    return [DEV_SESSION_PASSWORD];
  }
  const list = (typeof raw === 'string' ? [raw] : [...raw]).map((p) => p.trim());
  if (list.some((p) => p.length < 32)) issue('every password must be at least 32 characters');
  if (production && !loopbackApp && list.some((p) => p.startsWith(DEV_ONLY_PREFIX))) issue('the dev-only password is refused in production');
  return list;
}

function isLoopbackUrl(url: string | undefined): boolean {
  return url !== undefined && URL.canParse(url) && isLoopbackHost(new URL(url).hostname);
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Validates options and resolves them into an {@link AuthConfig}. Every problem is reported at
 * once in a {@link ConfigError}, naming the option (or the variable it came from), never a value.
 * Internal: partners get the result as `createNetIdAuth(options).config()`, or `parseConfig(env)`.
 */
export function resolveOptions(options: NamedOptions): AuthConfig {
  const names = options[OPTION_NAMES] ?? {};
  const issues: ConfigIssue[] = [];
  const add = (option: string, message: string) => issues.push({ variable: names[option] ?? option, message });
  const parsed = schema.safeParse(options);
  if (!parsed.success) issues.push(...configIssues(parsed.error, names));
  const o = parsed.data;
  const production = (o ?? options).production ?? process.env.NODE_ENV === 'production';
  const profileInput = (o ?? options).profile;
  const profile: ProviderProfile = typeof profileInput === 'object' ? profileInput : PROFILES[isProfileName(profileInput) ? profileInput : 'netid'];
  const passwords = sessionPasswords(options.session?.password, production, isLoopbackUrl(o?.appUrl), (m) => add('session.password', m));
  const givenScopes = Array.isArray(options.scopes) && options.scopes.every((x) => typeof x === 'string') ? options.scopes : undefined;
  const scopes = profile.scopes(givenScopes ?? profile.defaults.scopes);
  const claims = o?.claims === undefined ? undefined : typeof o.claims === 'string' ? o.claims : JSON.stringify(o.claims);
  const clientAuth = o?.clientAuth ?? profile.defaults.clientAuth;
  const idTokenAlg = o?.idTokenAlg ?? profile.defaults.idTokenAlg;
  // Profile rules run even when the schema failed, so every problem is listed at once.
  profile.check?.({ scopes, clientAuth, idTokenAlg, claims }, add);
  if (o?.session?.store === 'redis' && !o.redisUrl) add('redisUrl', 'is required for server-side sessions in Redis');
  // Never fall back to cookie sessions (or a per-process coordinator) when Redis was asked for.
  if (o?.session?.store === 'redis' && !o.redis) add('session.store', `redis ${REDIS_ENTRY_NEEDED}`);
  else if (o?.redisUrl && !o.redis && !options.refreshCoordinator) add('redisUrl', REDIS_ENTRY_NEEDED);
  if (!o || issues.length > 0) throw new ConfigError(issues);
  const store = o.session?.store ?? 'cookie';
  const appUrl = withoutTrailingSlash(o.appUrl);
  const routes = resolveRoutes(o.routes);
  return {
    profile,
    issuer: o.issuer,
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    clientAuth,
    idTokenAlg,
    appUrl,
    redirectUri: `${appUrl}${routes.callback}`,
    routes,
    sessionPasswords: passwords,
    scopes,
    claims,
    defaultFlow: o.flows?.default ?? DEFAULT_FLOW,
    upstreamUrl: o.upstreamUrl === undefined ? undefined : withoutTrailingSlash(o.upstreamUrl),
    httpTimeoutMs: o.httpTimeoutMs ?? 10_000,
    sessionTtl: o.session?.ttlSeconds ?? 8 * 3600,
    sessionStore: store === 'cookie' ? createCookieSessionStore() : store === 'redis' ? o.redis!.sessionStore(o.redisUrl!) : store,
    redisUrl: o.redisUrl,
    redis: o.redis,
    production,
  };
}
