import { type PermissionToken, type PublicPermissionToken } from '../../auth';
import { publicPermissionToken, unsealPermissionToken } from '../../auth/internal';
import { FLOW_FIELD, TOKEN_FIELD, tokenBinding } from './provider';

/** What the plugin puts on Better Auth's context (`(await auth.$context).netId`): server side only. */
export interface NetIdPluginContext {
  /** Provider ids whose account rows may carry a sealed token: the social provider and the standalone flow's. */
  providerIds: readonly string[];
  /** Seal passwords (first seals, all unseal). */
  passwords: readonly string[];
}

/** An account row as far as the plugin reads it. */
export interface AccountRow {
  id: string;
  providerId: string;
  accountId: string;
  [key: string]: unknown;
}

/** The freshest Permission Center token among a user's netID account rows, expired or not. */
export function newestToken(accounts: readonly AccountRow[], netId: NetIdPluginContext): { token: PermissionToken; flow: string } | null {
  let best: { token: PermissionToken; flow: string } | null = null;
  for (const account of accounts) {
    if (!netId.providerIds.includes(account.providerId)) continue;
    const sealed = account[TOKEN_FIELD];
    const token = unsealPermissionToken(typeof sealed === 'string' ? sealed : null, tokenBinding(account.providerId, account.accountId), netId.passwords);
    if (token && (!best || token.expiresAt > best.token.expiresAt)) best = { token, flow: String(account[FLOW_FIELD] ?? '') };
  }
  return best;
}

/** The browser's view of {@link newestToken}: when it expires, never the token. */
export function tokenStatus(accounts: readonly AccountRow[], netId: NetIdPluginContext): { flow: string | null; permissionToken: PublicPermissionToken | null } {
  const best = newestToken(accounts, netId);
  return { flow: best?.flow ?? null, permissionToken: publicPermissionToken(best?.token ?? null) };
}

/** The parts of a Better Auth instance (`betterAuth({...})`) that {@link getNetIdPermissionToken} uses. */
export interface BetterAuthLike {
  api: { getSession(context: { headers: Headers }): Promise<{ user: { id: string } } | null> };
  $context: Promise<{
    internalAdapter: { findAccounts(userId: string): Promise<unknown[]> };
  } & Record<string, unknown>>;
}

/** Options of {@link getNetIdPermissionToken}. */
export interface GetNetIdPermissionTokenOptions {
  /** Also return an expired token (default `false`: expired reads as `null`, time to re-run the flow). */
  includeExpired?: boolean;
}

/**
 * The signed-in user's Permission Center token, server side only: Better Auth's session from the
 * request's cookies, then the sealed token of the user's netID account rows (unsealed with the
 * plugin's password; a row whose value was copied from another account reads as nothing). `null`
 * when signed out, signed in without a netID token, or when it expired: netID issues no refresh
 * tokens, so re-run the flow (`signIn.social({ provider: 'netid' })` or `authClient.netid.authorizePermission()`).
 *
 * @example
 * ```ts
 * import { betterAuth } from 'better-auth';
 * import { netId, getNetIdPermissionToken } from 'netid-rp/better-auth';
 * const auth = betterAuth({ plugins: [netId({ clientId: 'id', clientSecret: 'secret', issuer: 'https://broker.netid.de/' })] });
 * export async function GET(request: Request) {
 *   const token = await getNetIdPermissionToken(auth, request);
 *   if (!token) return Response.json({ error: 'unauthenticated' }, { status: 401 });
 *   // call the Permission Center with `Authorization: Bearer ${token.accessToken}`
 *   return Response.json({ expiresAt: token.expiresAt });
 * }
 * ```
 */
export async function getNetIdPermissionToken(
  auth: BetterAuthLike,
  request: { headers: Headers },
  options: GetNetIdPermissionTokenOptions = {},
): Promise<PermissionToken | null> {
  const context = await auth.$context;
  const netId = context.netId as NetIdPluginContext | undefined;
  if (!netId) throw new Error('getNetIdPermissionToken: the netId plugin is not in this Better Auth instance.');
  // Only the cookies: the session is read from the cookie, never from an Authorization header (bearer plugin).
  const headers = new Headers();
  const cookie = request.headers.get('cookie');
  if (cookie) headers.set('cookie', cookie);
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const accounts = (await context.internalAdapter.findAccounts(session.user.id)) as AccountRow[];
  const best = newestToken(accounts, netId);
  if (!best) return null;
  if (!options.includeExpired && best.token.expiresAt <= Math.floor(Date.now() / 1000)) return null;
  return best.token;
}
