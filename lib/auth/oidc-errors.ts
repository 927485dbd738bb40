import * as client from 'openid-client';
import { transportFailure } from '../http';
import { AuthError, brokerErrorCode, type AuthErrorCode } from './errors';

/** Where in the flow a failure happened; decides how an ambiguous library error is classified. */
export type OidcPhase = 'discovery' | 'token' | 'userinfo';

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 8 && cur !== undefined && cur !== null; i++) {
    chain.push(cur);
    cur = (cur as { cause?: unknown }).cause;
  }
  return chain;
}

const ID_TOKEN_CODES = new Set<string>([
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_INVALID_RESPONSE',
]);

function classify(err: unknown, phase: OidcPhase): AuthErrorCode {
  const failure = transportFailure(err);
  if (failure === 'timeout') return 'broker_timeout';
  if (err instanceof client.AuthorizationResponseError) return brokerErrorCode(err.error);
  if (err instanceof client.ResponseBodyError) {
    if (phase === 'userinfo') return 'userinfo_failed';
    return err.error === 'invalid_grant' ? 'invalid_grant' : 'token_request_failed';
  }
  if (failure === 'unreachable') return 'broker_unreachable';
  const chain = causes(err);
  const code = (err as { code?: unknown })?.code;
  // oauth4webapi: '"response" body "id_token" property must be a string' when an OpenID flow got none.
  if (phase === 'token' && chain.some((c) => c instanceof Error && c.message.includes('"id_token" property')))
    return 'id_token_missing';
  if (phase === 'token' && typeof code === 'string' && ID_TOKEN_CODES.has(code)) return 'id_token_invalid';
  if (phase === 'userinfo') return 'userinfo_failed';
  return 'broker_invalid_response';
}

/**
 * Turns anything openid-client or fetch throws into an {@link AuthError} with a
 * stable code; the original stays as `cause` (it may hold provider text: never render it).
 */
export function toAuthError(err: unknown, phase: OidcPhase): AuthError {
  if (err instanceof AuthError) return err;
  return new AuthError(classify(err, phase), { cause: err });
}
