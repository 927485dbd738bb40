/**
 * netID for Better Auth (`better-auth` 1.7): the server plugin {@link netId}, the server-side reader
 * {@link getNetIdPermissionToken}; the client plugin is `netid-rp/better-auth/client`. Wiring only:
 * scopes per flow, where the Permission Center token lives, the code exchange and ID token checks are
 * the core's (`lib/auth`); state, PKCE, nonce, users, sessions and accounts are Better Auth's.
 *
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth';
 * import { netId, getNetIdPermissionToken } from 'netid-rp/better-auth';
 * export const auth = betterAuth({
 *   plugins: [netId({ clientId: process.env.NETID_CLIENT_ID!, clientSecret: process.env.NETID_CLIENT_SECRET!, issuer: 'https://broker.netid.de/' })],
 * });
 * // any server route: { accessToken, tokenType, expiresAt } | null
 * export const GET = async (request: Request) => Response.json({ signedIn: (await getNetIdPermissionToken(auth, request)) !== null });
 * ```
 *
 * @module
 */
export { netId } from './plugin';
export type { NetIdBetterAuthOptions } from './options';
export { getNetIdPermissionToken, type BetterAuthLike, type GetNetIdPermissionTokenOptions, type NetIdPluginContext } from './permission-token';
export { PERMISSION_CALLBACK_PATH } from './permission-flow';
export type { NetIdProfile } from './provider';
