import { M2MError } from './errors';
import { classifyTransportError, type ApplyClientAuth } from './oauth-seam';
import { readTokenResponse, type TokenResponse } from './token-response';
import { timeoutFetch } from './timeout-fetch';

/** One client_credentials request. */
export interface TokenRequest {
  tokenEndpoint: string;
  applyAuth: ApplyClientAuth;
  scope: string | undefined;
  resource: string[];
  /** Extra form parameters, passed through. */
  params: Record<string, string>;
  timeoutMs: number;
  /** The fetch to use (tests inject one); default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * POST `grant_type=client_credentials` (plus scope, resource and extra parameters) to the token
 * endpoint with the client authentication applied, within `timeoutMs`, and read the answer.
 * Every failure is an `M2MError`: `timeout`, `network_error`, `token_endpoint_error`,
 * `invalid_response`. The body (which may hold a secret or an assertion) is never put in an error.
 */
export async function requestToken(req: TokenRequest): Promise<TokenResponse> {
  const body = new URLSearchParams(req.params);
  body.set('grant_type', 'client_credentials');
  if (req.scope) body.set('scope', req.scope);
  for (const resource of req.resource) body.append('resource', resource);
  const headers = new Headers({ accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' });
  await req.applyAuth(body, headers);
  const send = timeoutFetch(req.timeoutMs, req.fetch ?? fetch);
  try {
    const response = await send(req.tokenEndpoint, { method: 'POST', headers, body, redirect: 'manual' });
    return await readTokenResponse(response);
  } catch (err) {
    if (err instanceof M2MError) throw err;
    throw classifyTransportError(err) ?? new M2MError('network_error', { cause: err });
  }
}
