import type { ClientSecretAuthMethod, IdTokenAlg } from '../config';
import { ConfigError, type ConfigIssue } from '../errors';
import type { Flow } from './flows';
import { optionsFromEnv } from './options-from-env';
import { resolveOptions } from './options';
import type { ProviderProfile } from './profiles';
import type { AuthRoutes } from './routes';
import type { SessionStore } from './session-store';

export { ConfigError, type ConfigIssue };
/** Client authentication at the provider's token endpoint. */
export type ClientAuthMethod = ClientSecretAuthMethod;
export type { IdTokenAlg };

/** The validated, resolved configuration of a relying party (what {@link resolveOptions} returns). */
export interface AuthConfig {
  /** The provider profile: scopes per flow, token response → session, refresh, logout at the provider. */
  profile: ProviderProfile;
  issuer: string;
  clientId: string;
  clientSecret: string;
  clientAuth: ClientAuthMethod;
  idTokenAlg: IdTokenAlg;
  /** Public base URL of the app, without trailing slash. */
  appUrl: string;
  /** `${appUrl}${routes.callback}` */
  redirectUri: string;
  /** Where the auth routes, the error page and the upstream proxy are served. */
  routes: AuthRoutes;
  /** First entry seals, all entries unseal. */
  sessionPasswords: string[];
  /** The scopes as the profile normalised them (netID: the extras of its OpenID flows). */
  scopes: string[];
  /** Optional OIDC `claims` request parameter (JSON text). */
  claims: string | undefined;
  /** The netID flow `/login` starts without `?flow=`. */
  defaultFlow: Flow;
  /** Base URL that the upstream proxy forwards to, without trailing slash. */
  upstreamUrl: string | undefined;
  /** Timeout in milliseconds for every call to the provider. */
  httpTimeoutMs: number;
  /** Absolute lifetime of a session in seconds. */
  sessionTtl: number;
  /** Where sessions live (the cookie by default). */
  sessionStore: SessionStore;
  /** Redis for server-side sessions and the shared refresh coordinator, when configured (a comma-separated list: Redis Cluster nodes). */
  redisUrl: string | undefined;
  production: boolean;
}

/**
 * Validates the configuration from an environment object: {@link optionsFromEnv} then
 * {@link resolveOptions}. Every problem is reported at once in a {@link ConfigError} naming the
 * variable; no value is echoed.
 *
 * @example
 * ```ts
 * import { parseConfig } from 'netid-rp';
 * const config = parseConfig(process.env);
 * ```
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): AuthConfig {
  return resolveOptions(optionsFromEnv(env));
}
