/**
 * The error family of the package: {@link NetIdError} and the configuration error. The sign-in
 * (`AuthError`), Permission Center (`PermissionCenterError`) and M2M (`M2MError`) errors extend it.
 *
 * @packageDocumentation
 */
export { NetIdError, type NetIdErrorOptions } from './netid-error';
export { ConfigError, type ConfigIssue } from './config-error';
