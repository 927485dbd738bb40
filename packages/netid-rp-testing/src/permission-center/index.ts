/**
 * Embedded netID Permission Center simulator for `npm run dev` and the tests: the READ, WRITE
 * and DATA EXPORT services of the token-based API v2 on loopback, verifying the dev broker's
 * `permission_management` tokens, with fault switches for tests.
 *
 * @module
 */
export { startPermissionCenterSimulator } from './server';
export { startPermissionCenterControl, type PermissionCenterControl } from './control';
export type {
  ExportCredentials,
  PermissionCenterFault,
  PermissionCenterFaults,
  PermissionCenterService,
  PermissionCenterSimulator,
  PermissionCenterSimulatorOptions,
  RecordedRequest,
  StoredPrivacyStatus,
} from './types';
