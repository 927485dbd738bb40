/**
 * The backend-for-frontend proxy behind `/api/upstream/*`: forwards a same-origin browser call
 * to the upstream API with the user's access token, renewed first when due.
 *
 * @packageDocumentation
 */
export { createUpstreamProxy, type UpstreamProxy } from './upstream-proxy';
