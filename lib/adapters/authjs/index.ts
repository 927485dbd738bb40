/**
 * Auth.js v5 integration (`@auth/core` 0.41, `next-auth@5.0.0-beta.32`, `@auth/express`): a netID
 * provider plus the callbacks that keep the Permission Center token in the encrypted Auth.js JWT,
 * server side only. Wiring only: scopes per flow, where the token lives, which claims describe the
 * user and the ID token signature check come from the core (`lib/auth`); the protocol work (PKCE,
 * state, nonce, code redemption, claim checks) is Auth.js's (oauth4webapi). The v4 integration is
 * `netid-rp/next-auth`.
 *
 * @example
 * ```ts
 * // auth.ts (Next.js with next-auth@beta; with @auth/express: app.use('/api/auth/*', ExpressAuth(config)))
 * import { Auth } from '@auth/core';
 * import { NetIdProvider, withNetIdCallbacks, getNetIdPermissionToken } from 'netid-rp/authjs';
 *
 * const config = withNetIdCallbacks({
 *   providers: [NetIdProvider({ clientId: 'id', clientSecret: 'secret', issuer: 'https://broker.netid.de/' })],
 *   secret: process.env.AUTH_SECRET,
 *   trustHost: true,
 * });
 * export const handler = (request: Request) => Auth(request, config);
 * // any server route: { accessToken, tokenType, expiresAt } | null
 * export const token = (request: Request) => getNetIdPermissionToken(request);
 * ```
 *
 * @module
 */
export { NetIdProvider, type NetIdProviderOptions, type NetIdProviderConfig, type NetIdProfile } from './provider';
export { withNetIdCallbacks, getNetIdPermissionToken, type NetIdRequestLike, type GetNetIdPermissionTokenOptions } from './callbacks';
// Defined once for both Auth.js integrations (next-auth v4 exports the same).
export { PERMISSION_ONLY_ID_PREFIX, type NetIdTokenData, type NetIdSessionInfo } from '../auth-js-shared';
