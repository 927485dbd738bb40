import type { ErrorAnswer } from './netid-error';

/**
 * The code of a failure that is not a `NetIdError` (a bug, a library's own error): defined here
 * once and used by every route that answers one (`errorResponse`, the Permission Center routes).
 */
export type InternalErrorCode = 'internal_error';

/** The answer to anything that is not a `NetIdError`: 500 `internal_error`, nothing of the failure shown. */
export const INTERNAL_ERROR_ANSWER: Readonly<ErrorAnswer> = Object.freeze({ status: 500, error: 'internal_error' satisfies InternalErrorCode, message: 'Something went wrong.' });
