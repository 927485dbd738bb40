/**
 * Embedded protected "upstream API" for dev and tests: the remote API that the reference app's
 * BFF proxy (`/api/upstream/*`) calls with the user's access token.
 *
 * @module
 */
export { startUpstreamApi } from './server';
export type { UpstreamApi, UpstreamApiOptions, UpstreamApiRequest } from './server';
