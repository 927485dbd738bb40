/**
 * Embedded netID-style OpenID provider for `npm run dev` and the integration/e2e tests:
 * oidc-provider on 127.0.0.1 with netID's endpoints, scopes, claims and flows, a small
 * server-rendered sign-in page, and test hooks (stats, delays, token-response tampering).
 *
 * @module
 */
export { startDevBroker } from './server';
export { devSubFor } from './users';
export { PERMISSION_CENTER_AUDIENCE } from './types';
export type {
  BrokerStats,
  DevBroker,
  DevBrokerClient,
  DevBrokerIdTokenAlg,
  DevBrokerOptions,
  DevUser,
  TokenResponseTamper,
} from './types';
