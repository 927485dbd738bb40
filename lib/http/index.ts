/**
 * HTTP helpers shared by every outbound call of the library.
 *
 * @module
 */
export { outboundFetch, unpatchedFetch, isTimeoutError } from './outbound-fetch';
export type { OutboundFetchInit } from './outbound-fetch';
