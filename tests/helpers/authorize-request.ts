import { createHash, randomBytes } from 'node:crypto';

/** An authorize request in flight: its URL and the secrets the RP keeps. */
export interface StartedAuthorization {
  url: string;
  verifier: string;
  state: string;
  nonce: string;
}

/** Random base64url text. */
export function b64(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * An authorize URL at `endpoint` with fresh PKCE (S256), state and nonce on top of `base`
 * (client_id, redirect_uri, scope, …); `params` override, or drop with `undefined`.
 */
export function pkceAuthorizeRequest(
  endpoint: string,
  base: Record<string, string | undefined>,
  params: Record<string, string | undefined> = {},
): StartedAuthorization {
  const verifier = b64();
  const state = b64(16);
  const nonce = b64(16);
  const url = new URL(endpoint);
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    ...base,
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, value);
  return { url: url.href, verifier, state, nonce };
}
