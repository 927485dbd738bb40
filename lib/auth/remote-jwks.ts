import { createRemoteJWKSet, customFetch } from 'jose';
import { outboundFetch } from '../http';

const jwksByUri = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** jose's remote key set of a provider's `jwks_uri`, one per URI per process (jose caches and rotates the keys), every fetch bounded. */
export function jwksFor(uri: string, timeoutMs: number): ReturnType<typeof createRemoteJWKSet> {
  let jwks = jwksByUri.get(uri);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(uri), {
      timeoutDuration: timeoutMs,
      [customFetch]: (url, init) => outboundFetch(url, { ...init, timeoutMs }),
    });
    jwksByUri.set(uri, jwks);
  }
  return jwks;
}
