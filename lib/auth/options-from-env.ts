import { withoutBlank } from '../config';
import { OPTION_NAMES, type NamedOptions, type NetIdAuthOptions } from './options';

/** A number from a variable; `NaN` for text, so the schema says "must be a number". */
function numeric(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function list(value: string | undefined, separator: RegExp): string[] | undefined {
  return value?.split(separator).filter(Boolean);
}

/**
 * The documented environment variables as {@link NetIdAuthOptions}: `AUTH_PROVIDER` picks the
 * profile (`netid` reads `NETID_*`; `oidc` and `screening-eagle` read `OIDC_*`), plus `APP_URL`,
 * `SESSION_PASSWORD` (comma-separated for rotation), `SESSION_TTL_SECONDS`, `SESSION_STORE`
 * (`cookie` or `redis`), `REDIS_URL` (one URL, or a comma-separated list of Redis Cluster nodes),
 * `NETID_HTTP_TIMEOUT_MS`, `UPSTREAM_API_URL` and `NODE_ENV`. Blank variables count as unset.
 * The result remembers which variable each option came from, so problems name the variable.
 *
 * @example
 * ```ts
 * import { createNetIdAuth, optionsFromEnv } from 'netid-rp';
 * const auth = createNetIdAuth({ ...optionsFromEnv(process.env), log: () => {} });
 * ```
 */
export function optionsFromEnv(rawEnv: Readonly<Record<string, string | undefined>>): NetIdAuthOptions {
  const env = withoutBlank(rawEnv);
  const profile = env.AUTH_PROVIDER ?? 'netid';
  const prefix = profile === 'netid' ? 'NETID' : 'OIDC';
  const names: Record<string, string> = {
    profile: 'AUTH_PROVIDER',
    issuer: `${prefix}_ISSUER`,
    clientId: `${prefix}_CLIENT_ID`,
    clientSecret: `${prefix}_CLIENT_SECRET`,
    clientAuth: `${prefix}_CLIENT_AUTH`,
    idTokenAlg: `${prefix}_ID_TOKEN_ALG`,
    scopes: `${prefix}_SCOPES`,
    claims: 'NETID_CLAIMS',
    appUrl: 'APP_URL',
    'session.password': 'SESSION_PASSWORD',
    'session.ttlSeconds': 'SESSION_TTL_SECONDS',
    'session.store': 'SESSION_STORE',
    redisUrl: 'REDIS_URL',
    session: 'SESSION_PASSWORD',
    httpTimeoutMs: 'NETID_HTTP_TIMEOUT_MS',
    upstreamUrl: 'UPSTREAM_API_URL',
  };
  const options = {
    profile,
    issuer: env[`${prefix}_ISSUER`],
    clientId: env[`${prefix}_CLIENT_ID`],
    clientSecret: env[`${prefix}_CLIENT_SECRET`],
    clientAuth: env[`${prefix}_CLIENT_AUTH`],
    idTokenAlg: env[`${prefix}_ID_TOKEN_ALG`],
    // netID has always split its extras on commas too; a generic scope list is space-separated.
    scopes: list(env[`${prefix}_SCOPES`], prefix === 'NETID' ? /[\s,]+/ : /\s+/),
    claims: prefix === 'NETID' ? env.NETID_CLAIMS : undefined,
    appUrl: env.APP_URL,
    session: {
      password: list(env.SESSION_PASSWORD, /,/),
      ttlSeconds: numeric(env.SESSION_TTL_SECONDS),
      store: env.SESSION_STORE,
    },
    redisUrl: env.REDIS_URL,
    httpTimeoutMs: numeric(env.NETID_HTTP_TIMEOUT_MS),
    upstreamUrl: env.UPSTREAM_API_URL,
    production: env.NODE_ENV === 'production',
    [OPTION_NAMES]: names,
  };
  // Unset variables stay unset (`undefined`), so the options' defaults apply.
  return options as unknown as NamedOptions;
}
