/**
 * netID for Better Auth: the client plugin. Add it to `createAuthClient({ plugins: [netIdClient()] })`
 * to get the server plugin's endpoints, typed:
 * - `authClient.signIn.social({ provider: 'netid', callbackURL })`: Better Auth's own social sign-in
 *   (the `login-permission` or `login` flow, as the server plugin says);
 * - `authClient.netid.authorizePermission({ callbackURL })`: the standalone `permission` flow for the
 *   signed-in user (redirects to netID);
 * - `authClient.netid.permissionToken()`: `{ flow, permissionToken: { expiresAt, expired } | null }`,
 *   never the token (read it on the server with `getNetIdPermissionToken`).
 *
 * Imports no server code: the server plugin's type only.
 *
 * @example
 * ```ts
 * import { createAuthClient } from 'better-auth/client';
 * import { netIdClient } from 'netid-rp/better-auth/client';
 * export const authClient = createAuthClient({ plugins: [netIdClient()] });
 * // when the token expired (netID issues no refresh tokens), run the flow again:
 * // await authClient.signIn.social({ provider: 'netid', callbackURL: '/' });
 * ```
 *
 * @module
 */
import type { BetterAuthClientPlugin } from 'better-auth/client';
import type { netId } from '../better-auth';

/** The Better Auth client plugin of {@link netId}. */
export function netIdClient() {
  return {
    id: 'netid',
    $InferServerPlugin: {} as ReturnType<typeof netId>,
    pathMethods: { '/netid/permission-token': 'GET' },
  } satisfies BetterAuthClientPlugin;
}
