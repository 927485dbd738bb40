/**
 * The internal index of lib/permission-center: what sibling folders and the tests need but partners
 * do not (the simulator in netid-rp-testing keeps its own copy of the wire constants). Never re-exported by a public
 * entry (lint: `module-boundaries/public-index-not-internal`); the public surface is ./index.ts.
 *
 * @internal
 * @module
 */
export { MEDIA_TYPES, mediaTypeOf, PERMISSION_CENTER_PATHS, SUBJECT_IDENTIFIERS, isSubjectIdentifier } from './media-types';
export { STATUS_CODE_HTTP, isPermissionCenterStatusCode } from './status-codes';
export { ROUTE_ERROR_STATUS } from './route-errors';
export { parseWriteBody, type WriteBodyErrorCode, type WriteBodyResult } from './write-body';
