/**
 * Small HTTP helpers shared by every folder of lib/: JSON and redirect responses, the one JSON
 * error response of every route, the one detector of transport failures, the one rule for
 * service URLs (https, or http on loopback), loopback checks, the same-origin check for writes,
 * the browser security policy (CSP and the secure headers) of our pages, and the outbound calls
 * (`outboundFetch`, `outboundText` and the bounded body read they share with the BFF proxy).
 *
 * @packageDocumentation
 */
export { json, jsonText, redirect, jsonError, errorResponse, errorAnswer, errorAnswerResponse, RETRY_AFTER_SECONDS, type ErrorResponseInit } from './responses';
export { transportFailure, type TransportFailure } from './transport-failure';
export { serviceUrl, SERVICE_URL_RULE } from './service-url';
export { isLoopbackHost, isLoopbackHttpUrl } from './loopback';
export { isSameOriginRequest } from './same-origin';
export {
  cspDirectives,
  contentSecurityPolicy,
  createNonce,
  isHttpsRequest,
  STATIC_SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
  STRICT_TRANSPORT_SECURITY_MAX_AGE,
  type CspDirective,
  type SecurityPolicyOptions,
} from './security-policy';
export {
  tokenLifetime,
  DEFAULT_ACCESS_TOKEN_TTL,
  DEFAULT_PERMISSION_TOKEN_TTL,
  MAX_TOKEN_TTL,
  type TokenLifetimeOptions,
} from './token-lifetime';
export { basicAuthorization, formEncodeCredential } from './basic-auth';
export { outboundFetch, unpatchedFetch, type OutboundFetchInit } from './outbound-fetch';
export { outboundText, type OutboundText, type OutboundTextInit } from './outbound-text';
export { readBoundedBody, type BoundedBodySource } from './bounded-body';
