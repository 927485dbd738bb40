import { transportFailure } from '../http';
import { AuthError, brokerErrorCode, type AuthErrorCode } from './errors';
import { loadedOpenIdClient } from './openid-client-loader';

/** Where in the flow a failure happened; decides how an ambiguous library error is classified. */
export type OidcPhase = 'discovery' | 'token' | 'refresh' | 'userinfo';

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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const nonEmptyString = (value: unknown) => typeof value === 'string' && value !== '';

/**
 * True for oauth4webapi's refusal of a token response without a usable `id_token` in an OpenID
 * flow. It throws `OAUTH_INVALID_RESPONSE` with `cause: { body }` (the parsed response) at the
 * first bad member, checking `access_token`, `token_type`, `expires_in`, `refresh_token` and
 * `scope` before `id_token` (processGenericAccessTokenResponse, then
 * processAuthorizationCodeOpenIDResponse). So a body whose earlier members pass and whose
 * `id_token` is not a non-empty string was refused for the ID token.
 */
function refusedForMissingIdToken(chain: unknown[]): boolean {
  return chain.some((c) => {
    if (!isRecord(c) || c.code !== 'OAUTH_INVALID_RESPONSE' || !isRecord(c.cause) || !isRecord(c.cause.body)) return false;
    const body = c.cause.body;
    return (
      nonEmptyString(body.access_token) &&
      nonEmptyString(body.token_type) &&
      (body.expires_in === undefined || (typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) && body.expires_in >= 0)) &&
      (body.refresh_token === undefined || nonEmptyString(body.refresh_token)) &&
      (body.scope === undefined || typeof body.scope === 'string') &&
      !nonEmptyString(body.id_token)
    );
  });
}

/**
 * The HTTP status of the provider's answer behind a library error: `status` of openid-client's
 * `ResponseBodyError` / `WWWAuthenticateChallengeError`, or the `Response` oauth4webapi keeps as
 * `cause` of a non-conform answer (an empty or HTML error body).
 */
export function httpStatusOf(err: unknown): number | undefined {
  const client = loadedOpenIdClient();
  for (const c of causes(err)) {
    if (c instanceof Response) return c.status;
    if (client && (c instanceof client.ResponseBodyError || c instanceof client.WWWAuthenticateChallengeError)) return c.status;
  }
  return undefined;
}

function classify(err: unknown, phase: OidcPhase): AuthErrorCode {
  const failure = transportFailure(err);
  if (failure === 'timeout') return 'broker_timeout';
  // Whatever a token endpoint says with a 4xx to a refresh (invalid_grant, invalid_client, an
  // empty body, an HTML page), the refresh token is of no more use: treat it as invalid_grant.
  const status = httpStatusOf(err);
  if (phase === 'refresh' && status !== undefined && status >= 400 && status < 500) return 'invalid_grant';
  const client = loadedOpenIdClient();
  if (client && err instanceof client.AuthorizationResponseError) return brokerErrorCode(err.error);
  if (client && err instanceof client.ResponseBodyError) {
    if (phase === 'userinfo') return 'userinfo_failed';
    return err.error === 'invalid_grant' ? 'invalid_grant' : 'token_request_failed';
  }
  if (failure === 'unreachable') return 'broker_unreachable';
  const chain = causes(err);
  if (phase === 'token' && refusedForMissingIdToken(chain)) return 'id_token_missing';
  const code = (err as { code?: unknown })?.code;
  if ((phase === 'token' || phase === 'refresh') && typeof code === 'string' && ID_TOKEN_CODES.has(code)) return 'id_token_invalid';
  if (phase === 'userinfo') return 'userinfo_failed';
  return 'broker_invalid_response';
}

/**
 * Turns anything openid-client or fetch throws into an {@link AuthError} with a
 * stable code; the original stays as `cause` (it may hold provider text: never render it).
 * Classification reads error classes, library codes and `cause` objects, never message text.
 */
export function toAuthError(err: unknown, phase: OidcPhase, provider?: string): AuthError {
  if (err instanceof AuthError) return err;
  return new AuthError(classify(err, phase), { cause: err, status: httpStatusOf(err), provider });
}
