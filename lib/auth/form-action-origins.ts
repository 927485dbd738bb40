import type { NetIdAuth } from './create-auth';

/**
 * The origins a page's `form-action` must allow for sign-out besides our own: the provider's
 * (its issuer's origin) when the profile ends sessions there (`POST /api/auth/logout` answers
 * 303 to its end-session endpoint, and browsers check `form-action` on that redirect); none for
 * netID. A configuration that cannot be read yet adds none. An end-session endpoint on another
 * origin than the issuer is added to the policy's `formActionOrigins` by hand.
 *
 * @example
 * ```ts
 * import { createNetIdAuth, providerFormActionOrigins } from 'netid-rp';
 * const origins = providerFormActionOrigins(createNetIdAuth()); // call per request: ['https://id.example.com'] or []
 * ```
 */
export function providerFormActionOrigins(auth: NetIdAuth): () => string[] {
  return () => {
    try {
      const config = auth.config();
      return config.profile.endsSessionAtProvider ? [new URL(config.issuer).origin] : [];
    } catch {
      return [];
    }
  };
}
