import { NetIdError, type ErrorAnswer } from '../errors';

/**
 * Stable error codes of the netID relying party. Callers branch on `code`;
 * each code has its HTTP status (`httpAnswer()`). Listed in docs/errors.md.
 */
export type AuthErrorCode =
  | 'invalid_flow'
  | 'invalid_callback'
  | 'transaction_missing'
  | 'state_mismatch'
  | 'access_denied'
  | 'login_required'
  | 'consent_required'
  | 'account_selection_required'
  | 'interaction_required'
  | 'authorization_failed'
  | 'invalid_grant'
  | 'token_request_failed'
  | 'id_token_missing'
  | 'id_token_invalid'
  | 'permission_token_invalid'
  | 'userinfo_failed'
  | 'broker_unreachable'
  | 'broker_timeout'
  | 'broker_invalid_response'
  | 'unauthenticated'
  | 'session_expired'
  | 'access_token_unavailable'
  | 'access_token_expired'
  | 'refresh_needs_cookie_write'
  | 'upstream_not_configured'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'invalid_upstream_path'
  | 'cross_site_request'
  | 'method_not_allowed'
  | 'session_too_large'
  | 'login_parameter_too_long'
  | 'upstream_response_too_large'
  | 'csrf_header_missing'
  | 'session_store_unavailable'
  | 'logout_token_invalid'
  | 'backchannel_logout_unsupported';

/** Safe, user-facing text per code: never includes provider-supplied text. */
/** Whose name stands in the messages when no profile says otherwise. */
const DEFAULT_PROVIDER_NAME = 'netID';

/** Safe text per code; `{provider}` becomes the provider's display name (the profile's `name`). */
const MESSAGES: Record<AuthErrorCode, string> = {
  invalid_flow: 'Unknown sign-in flow. Use login, login-permission or permission.',
  invalid_callback: 'The sign-in response was malformed.',
  transaction_missing: 'The sign-in attempt expired or was started in another browser. Please try again.',
  state_mismatch: 'The sign-in response does not belong to a sign-in started here. Please try again.',
  access_denied: 'Sign-in was cancelled or access was denied.',
  login_required: 'Sign-in was aborted at {provider}.',
  consent_required: 'Consent was not given at {provider}.',
  account_selection_required: 'No account was selected at {provider}.',
  interaction_required: '{provider} needs you to interact with the sign-in page.',
  authorization_failed: '{provider} could not complete the sign-in.',
  invalid_grant: 'The sign-in code was rejected (expired or already used). Please try again.',
  token_request_failed: '{provider} refused to issue tokens.',
  id_token_missing: '{provider} returned no ID token.',
  id_token_invalid: 'The ID token from {provider} failed verification.',
  permission_token_invalid: 'The Permission Center token from netID is malformed.',
  userinfo_failed: 'Your profile could not be read from {provider}.',
  broker_unreachable: '{provider} could not be reached.',
  broker_timeout: '{provider} did not answer in time.',
  broker_invalid_response: '{provider} sent a response that could not be understood.',
  unauthenticated: 'You are not signed in.',
  session_expired: 'Your session has ended at the provider. Please sign in again.',
  access_token_unavailable: 'This session holds no access token for upstream APIs.',
  access_token_expired: 'The access token expired and cannot be renewed. Please sign in again.',
  refresh_needs_cookie_write:
    'The access token must be renewed, which needs a cookie write: call this from a route handler or Server Action, not a Server Component.',
  upstream_not_configured: 'No upstream API is configured (UPSTREAM_API_URL).',
  upstream_unreachable: 'The upstream API could not be reached.',
  upstream_timeout: 'The upstream API did not answer in time.',
  invalid_upstream_path: 'Invalid upstream path.',
  cross_site_request: 'Cross-site request refused.',
  method_not_allowed: 'Method not allowed.',
  session_too_large: 'The session from {provider} is too large for the browser to keep. Use server-side sessions for this provider.',
  login_parameter_too_long: 'A sign-in parameter (returnTo or login_hint) is too long.',
  upstream_response_too_large: 'The upstream API answered with more data than this app passes on.',
  csrf_header_missing: 'Calls to the upstream API must come from this app: the X-CSRF: 1 header is missing.',
  session_store_unavailable: 'The session store is unavailable. Please try again shortly.',
  logout_token_invalid: 'The logout token was refused.',
  backchannel_logout_unsupported: 'Back-channel logout needs server-side sessions (SESSION_STORE=redis).',
};

const STATUS: Record<AuthErrorCode, number> = {
  invalid_flow: 400,
  invalid_callback: 400,
  transaction_missing: 400,
  state_mismatch: 400,
  access_denied: 403,
  login_required: 401,
  consent_required: 403,
  account_selection_required: 400,
  interaction_required: 400,
  authorization_failed: 400,
  invalid_grant: 400,
  token_request_failed: 502,
  id_token_missing: 502,
  id_token_invalid: 502,
  permission_token_invalid: 502,
  userinfo_failed: 502,
  broker_unreachable: 502,
  broker_timeout: 504,
  broker_invalid_response: 502,
  unauthenticated: 401,
  session_expired: 401,
  access_token_unavailable: 401,
  access_token_expired: 401,
  refresh_needs_cookie_write: 500,
  upstream_not_configured: 404,
  upstream_unreachable: 502,
  upstream_timeout: 504,
  invalid_upstream_path: 400,
  cross_site_request: 403,
  method_not_allowed: 405,
  session_too_large: 500,
  login_parameter_too_long: 400,
  upstream_response_too_large: 502,
  csrf_header_missing: 403,
  session_store_unavailable: 503,
  logout_token_invalid: 400,
  backchannel_logout_unsupported: 501,
};

/**
 * The one error type the auth core throws (a {@link NetIdError}). `message` is safe to show;
 * the original failure (which may hold provider text) is kept as `cause`. Routes answer it
 * with its code, its message and the code's status.
 *
 * @example
 * ```ts
 * // app/api/me/route.ts: calls an API with the user's access token
 * import { AuthError, createNetIdAuth, requestCookies } from 'netid-rp';
 * import { errorResponse } from 'netid-rp';
 *
 * const auth = createNetIdAuth();
 *
 * export async function GET(request: Request): Promise<Response> {
 *   const cookies = requestCookies(request);
 *   try {
 *     const { accessToken } = await auth.getAccessToken(cookies); // rejects with an AuthError
 *     const upstream = await fetch('https://api.example.com/me', { headers: { authorization: `Bearer ${accessToken}` } });
 *     const response = new Response(upstream.body, { status: upstream.status, headers: { 'content-type': 'application/json' } });
 *     cookies.applyTo(response.headers); // a renewal rotated the session cookie
 *     return response;
 *   } catch (e) {
 *     if (e instanceof AuthError && e.code === 'access_token_expired') return Response.redirect(new URL('/api/auth/login', request.url));
 *     return errorResponse(e); // { error, message } with the code's status; 500 internal_error for anything else
 *   }
 * }
 * ```
 */
export class AuthError extends NetIdError<AuthErrorCode> {
  /**
   * @param options.provider the provider's display name in the message (the profile's `name`; default `netID`).
   */
  constructor(code: AuthErrorCode, options?: { cause?: unknown; message?: string; status?: number; provider?: string }) {
    super(code, options?.message ?? errorMessage(code, options?.provider), { cause: options?.cause, status: options?.status });
    this.name = 'AuthError';
  }

  /** Its code, its (safe) message and the code's HTTP status (docs/errors.md). */
  override httpAnswer(): ErrorAnswer {
    return { status: STATUS[this.code], error: this.code, message: this.message };
  }
}

/** HTTP status that fits an error code. */
export function errorStatus(code: AuthErrorCode): number {
  return STATUS[code];
}

/** The safe message for a code (used by error pages that only get the code). */
export function errorMessage(code: AuthErrorCode, provider = DEFAULT_PROVIDER_NAME): string {
  const message = MESSAGES[code];
  // "the identity provider could…" starts a sentence: capitalise it (a brand such as netID stays as it is).
  const lead = message.startsWith('{provider}') && provider.startsWith('the ') ? `The${provider.slice(3)}` : provider;
  return message.replace('{provider}', lead).replaceAll('{provider}', provider);
}

/** Every {@link AuthErrorCode}, in the order of the message table. */
export const AUTH_ERROR_CODES: readonly AuthErrorCode[] = Object.freeze(Object.keys(MESSAGES) as AuthErrorCode[]);

/** Narrows an unknown string (e.g. from a query parameter) to a known code. */
export function isAuthErrorCode(value: unknown): value is AuthErrorCode {
  return typeof value === 'string' && Object.hasOwn(MESSAGES, value);
}

/** Codes a broker may send in an error callback that we surface as themselves. */
const BROKER_ERRORS = new Set<AuthErrorCode>([
  'access_denied',
  'login_required',
  'consent_required',
  'account_selection_required',
  'interaction_required',
]);

/** Maps an OAuth `error` value of an authorization response to a stable code. */
export function brokerErrorCode(error: string): AuthErrorCode {
  return BROKER_ERRORS.has(error as AuthErrorCode) ? (error as AuthErrorCode) : 'authorization_failed';
}
