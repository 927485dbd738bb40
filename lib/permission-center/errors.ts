import { INTERNAL_ERROR_ANSWER, NetIdError, type ErrorAnswer } from '../errors';
import { ROUTE_ERROR_STATUS, ROUTE_MESSAGES, UPSTREAM_TO_ROUTE } from './route-codes';
import type { PermissionCenterErrorCode } from './error-codes';

export type { PermissionCenterErrorCode };

const MESSAGES: Record<PermissionCenterErrorCode, string> = {
  NO_TOKEN: 'The Permission Center received no access token.',
  TOKEN_ERROR: 'The Permission Center token is expired or invalid.',
  NO_PERMISSIONS: 'At least one permission must be set.',
  JSON_PARSE_ERROR: 'The Permission Center could not parse the request body.',
  NO_REQUEST_BODY: 'The Permission Center received no request body.',
  PERMISSION_PARAMETERS_ERROR: 'The Permission Center rejected a permission value.',
  TAPP_NOT_ALLOWED: 'This netID partner is not allowed to use the Permission Center.',
  TPID_EXISTENCE_ERROR: 'The netID account does not exist anymore.',
  TOKEN_EXPIRED: 'The Permission Center token has expired.',
  INVALID_REQUEST: 'The request to the Permission Center is invalid.',
  UPSTREAM_ERROR: 'The Permission Center sent a response that could not be understood.',
  TIMEOUT: 'The Permission Center did not answer in time.',
  UNREACHABLE: 'The Permission Center could not be reached.',
  EXPORT_BAD_REQUEST: 'The export query is missing or has an invalid parameter.',
  EXPORT_UNAUTHORIZED: 'The export service refused the credentials.',
  EXPORT_FORBIDDEN: 'The export credentials may not export this partner.',
};

/** Every {@link PermissionCenterErrorCode}, in the order of the message table. */
export const PERMISSION_CENTER_ERROR_CODES: readonly PermissionCenterErrorCode[] = Object.freeze(
  Object.keys(MESSAGES) as PermissionCenterErrorCode[],
);

/**
 * The one error type of the Permission Center client (a {@link NetIdError}). `message` is safe
 * to show (never the server's text); the original failure is kept as `cause`; `status` is the
 * HTTP status of the Permission Center's answer, `undefined` when no answer was received or the
 * call never left.
 *
 * @example
 * ```ts
 * import { readStatus } from 'netid-rp/permission-center'
 * declare function reauthenticate(): void // e.g. redirect to auth.loginPath('permission', '/consent')
 * try {
 *   await readStatus(session.permissionToken!)
 * } catch (e) {
 *   if (e instanceof PermissionCenterError && (e.code === 'TOKEN_ERROR' || e.code === 'TOKEN_EXPIRED')) reauthenticate()
 * }
 * ```
 */
export class PermissionCenterError extends NetIdError<PermissionCenterErrorCode> {
  constructor(code: PermissionCenterErrorCode, options: { status?: number | null; cause?: unknown; message?: string } = {}) {
    super(code, options.message ?? MESSAGES[code], { status: options.status ?? undefined, cause: options.cause });
    this.name = 'PermissionCenterError';
  }

  /** The `/api/permissions` answer: the route code of this error, its status, and the route's wording or this error's message. */
  override httpAnswer(): ErrorAnswer {
    const error = UPSTREAM_TO_ROUTE[this.code];
    if (error === 'internal_error') return { ...INTERNAL_ERROR_ANSWER };
    return { status: ROUTE_ERROR_STATUS[error], error, message: ROUTE_MESSAGES[error] ?? this.message };
  }
}

/** True for errors that mean "get a new `permission_management` token" (netID has no refresh token). */
export function isTokenProblem(error: unknown): boolean {
  return (
    error instanceof PermissionCenterError &&
    (error.code === 'TOKEN_ERROR' || error.code === 'TOKEN_EXPIRED' || error.code === 'NO_TOKEN')
  );
}
