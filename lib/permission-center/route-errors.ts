/**
 * Maps Permission Center failures to the JSON errors of `/api/permissions`:
 * `{ error: <stable_code>, message, reauthenticate? }` with a fitting HTTP status. The mapping
 * itself is in route-codes.ts (shared with `PermissionCenterError.httpAnswer()`); the JSON is
 * built by `errorResponse` / `errorAnswerResponse` of lib/http, like every other route error.
 *
 * @module
 */
import { ConfigError, type ConfigErrorCode, type InternalErrorCode } from '../errors';
import { errorAnswerResponse, errorResponse } from '../http';
import { PermissionCenterError } from './errors';
import { ROUTE_ERROR_STATUS, ROUTE_MESSAGES, UPSTREAM_TO_ROUTE, type PermissionRouteErrorCode } from './route-codes';

export { ROUTE_ERROR_STATUS, type PermissionRouteErrorCode } from './route-codes';

/** How this route words a configuration problem (a {@link ConfigError}, `config_invalid`). */
const CONFIG_MESSAGE = 'The Permission Center is not configured correctly.';

/** The route error code for any thrown value. */
export function routeErrorCode(error: unknown): PermissionRouteErrorCode | ConfigErrorCode | InternalErrorCode {
  if (error instanceof PermissionCenterError) return UPSTREAM_TO_ROUTE[error.code];
  if (error instanceof ConfigError) return 'config_invalid';
  return 'internal_error';
}

/** Extra fields and cookies of an error response. */
export interface RouteErrorExtras {
  /** Same-origin path that renews the token (for token problems). */
  reauthenticate?: string;
  /** Set-Cookie header values (e.g. ending the session). */
  setCookies?: string[];
  /** Message to use instead of the code's default. */
  message?: string;
}

function init(extras: RouteErrorExtras) {
  return {
    setCookies: extras.setCookies,
    message: extras.message,
    extra: extras.reauthenticate ? { reauthenticate: extras.reauthenticate } : undefined,
  };
}

/** A `{ error, message, reauthenticate? }` JSON response with the code's status (the route's own refusals). */
export function routeError(code: PermissionRouteErrorCode, extras: RouteErrorExtras = {}): Response {
  const answer = { status: ROUTE_ERROR_STATUS[code], error: code, message: ROUTE_MESSAGES[code] ?? 'The request failed.' };
  return errorAnswerResponse(answer, init(extras));
}

/**
 * The answer to a thrown value: a {@link PermissionCenterError} as itself (its `httpAnswer()`),
 * a {@link ConfigError} as `config_invalid` in this route's words, anything else (including
 * other families' errors, which this route does not expect) as 500 `internal_error`.
 */
export function failureResponse(error: unknown, extras: Omit<RouteErrorExtras, 'message'> = {}): Response {
  if (error instanceof PermissionCenterError) return errorResponse(error, init(extras));
  if (error instanceof ConfigError) return errorResponse(error, init({ ...extras, message: CONFIG_MESSAGE }));
  return errorResponse(undefined, init(extras));
}
