import { ConfigError } from '../../errors';
import { z } from 'zod';
import type { AuthConfig, ClientAuthMethod, IdTokenAlg } from '../../auth';
import { resolveOptions } from '../../auth/internal';
import { clientAuthRule, CLIENT_SECRET_AUTH_METHODS, configIssues, idTokenAlgRule } from '../../config';
import { serviceUrl } from '../../http';

/** Options of the Better Auth plugin {@link netId}. */
export interface NetIdBetterAuthOptions {
  /** Client id from the netID Developer Portal. */
  clientId: string;
  /** Client secret from the netID Developer Portal. */
  clientSecret: string;
  /** Broker issuer, with netID's trailing slash: `https://broker.netid.de/`. `http://` only for loopback hosts. */
  issuer: string;
  /**
   * The flow of `signIn.social({ provider: 'netid' })`: `login-permission` (default: identity and
   * the Permission Center token from the ID token claim) or `login` (identity only). The standalone
   * `permission` flow adds a token to a signed-in user: `authClient.netid.authorizePermission()`.
   */
  flow?: 'login' | 'login-permission';
  /** Social provider id; default `netid`. Redirect URI: `${baseURL}/callback/<id>` (e.g. `/api/auth/callback/netid`). */
  providerId?: string;
  /** Extra OpenID scopes; default `['profile', 'email']` (Better Auth needs an email to create a user). */
  scopes?: readonly string[];
  /** OIDC `claims` request parameter, e.g. `{ userinfo: { email: { essential: true } } }`. */
  claims?: Record<string, unknown>;
  /** Client authentication at `/token`; default `client_secret_basic`. */
  clientAuth?: ClientAuthMethod;
  /** Expected ID token `alg`; default `RS256`. `none` is an explicit opt-in. */
  idTokenAlg?: IdTokenAlg;
  /** Timeout of every call to the broker in milliseconds; default 10000. */
  httpTimeoutMs?: number;
  /**
   * Seals the Permission Center token in the account table (at least 32 characters; a list rotates:
   * the first seals, all unseal). Default: Better Auth's `secret`.
   */
  password?: string | readonly string[];
}

const schema = z.object({
  clientId: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  clientSecret: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  issuer: serviceUrl,
  flow: z.enum(['login', 'login-permission'], { error: 'must be login or login-permission (the permission flow is authorizePermission)' }).optional(),
  providerId: z.string().regex(/^[a-z0-9-]+$/, { error: 'must be lowercase letters, digits and dashes' }).optional(),
  clientAuth: clientAuthRule(CLIENT_SECRET_AUTH_METHODS).optional(),
  idTokenAlg: idTokenAlgRule.optional(),
});

/** The checked options, before Better Auth's secret is known. */
export function assertOptions(options: NetIdBetterAuthOptions): void {
  const result = schema.safeParse(options);
  if (result.success) return;
  throw new ConfigError(configIssues(result.error), 'netId (Better Auth)', 'The sign-in service is not configured correctly.');
}

/** The core's configuration for the plugin's calls to the broker (redirect URIs are Better Auth's, per call). */
export function coreConfig(options: NetIdBetterAuthOptions, passwords: readonly string[]): AuthConfig {
  try {
    return resolveOptions({
      issuer: options.issuer,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      clientAuth: options.clientAuth,
      idTokenAlg: options.idTokenAlg,
      scopes: options.scopes,
      claims: options.claims,
      httpTimeoutMs: options.httpTimeoutMs,
      session: { password: passwords },
      // Not used: Better Auth owns the routes, and every call passes its own redirect URI.
      appUrl: 'http://127.0.0.1',
    });
  } catch (err) {
    const message = err instanceof Error ? err.message.replaceAll('session.password', 'password (or the Better Auth secret)') : 'invalid options';
    throw new ConfigError([{ variable: 'options', message }], 'netId (Better Auth)', 'The sign-in service is not configured correctly.');
  }
}
