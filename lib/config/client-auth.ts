import { z } from 'zod';

/** Client authentication with a shared secret at a token endpoint (sign-in and M2M). */
export type ClientSecretAuthMethod = 'client_secret_basic' | 'client_secret_post';
/** Every client authentication method the package speaks (M2M adds `private_key_jwt`). */
export type ClientAuthMethodName = ClientSecretAuthMethod | 'private_key_jwt';

/** The secret-based methods, in the order they are listed in messages. */
export const CLIENT_SECRET_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * The one rule for client authentication: a zod enum of the methods an entry point allows, with a
 * message that lists them (`must be client_secret_basic or client_secret_post`).
 *
 * @example
 * ```ts
 * clientAuthRule(['client_secret_basic', 'client_secret_post']).parse('client_secret_post');
 * ```
 */
export function clientAuthRule<const M extends readonly [ClientAuthMethodName, ...ClientAuthMethodName[]]>(methods: M) {
  return z.enum(methods, { error: `must be ${listOr(methods)}` });
}
