/**
 * The error family of the package: {@link NetIdError} and the configuration error. The sign-in
 * (`AuthError`), Permission Center (`PermissionCenterError`) and M2M (`M2MError`) errors extend it.
 * Every code, and how our routes answer it, is listed in docs/errors.md.
 *
 * @packageDocumentation
 */
export { NetIdError, type NetIdErrorOptions, type ErrorAnswer } from './netid-error';
export { ConfigError, type ConfigIssue, type ConfigErrorCode } from './config-error';
export { INTERNAL_ERROR_ANSWER, type InternalErrorCode } from './internal-error';
