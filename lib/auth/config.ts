import { ConfigError, type ConfigIssue } from '../errors';
import { optionsFromEnv } from './options-from-env';
import { resolveOptions } from './options';
import type { AuthConfig } from './types';

export { ConfigError, type ConfigIssue };
export type { AuthConfig, IdTokenAlg } from './types';
/** Client authentication at the provider's token endpoint. */
export type { ClientSecretAuthMethod as ClientAuthMethod } from '../config';

/**
 * Validates the configuration from an environment object: {@link optionsFromEnv} then
 * `createNetIdAuth(options)`. Every problem is reported at once in a {@link ConfigError} naming the
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
