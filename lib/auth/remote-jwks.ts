import { createRemoteJWKSet, customFetch } from 'jose';
import { outboundFetch } from '../http';

/** jose's remote key set of one `jwks_uri` (it caches and rotates the keys itself). */
export type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/**
 * A cache of remote key sets, one per `jwks_uri` and timeout, every fetch bounded. Each
 * `OidcDiscovery` (so each `NetIdAuth` instance) owns one: no process-wide state, nothing for
 * tests to reset, and two relying parties never share fetched keys.
 */
export function createJwksCache(): (uri: string, timeoutMs: number) => RemoteJwks {
  const byUri = new Map<string, RemoteJwks>();
  return (uri, timeoutMs) => {
    const key = `${timeoutMs} ${uri}`;
    let jwks = byUri.get(key);
    if (!jwks) {
      jwks = createRemoteJWKSet(new URL(uri), {
        timeoutDuration: timeoutMs,
        [customFetch]: (url, init) => outboundFetch(url, { ...init, timeoutMs }),
      });
      byUri.set(key, jwks);
    }
    return jwks;
  };
}
