import { decodeJwt } from 'jose';
import type { Flow, PermissionToken } from '../../auth';
import { extractPermissionToken, flowUsesOpenId, publicPermissionToken } from '../../auth/internal';

/** What `withNetIdCallbacks` keeps in the encrypted session JWT (`token.netId`). Server side only. */
export interface NetIdTokenData {
  /** The flow of the netID sign-in. */
  flow: Flow;
  /** The user's netID `sub` (pairwise); `null` in the `permission` flow, which carries no identity. */
  sub: string | null;
  /** The Permission Center token, or `null` (flow `login`, or the user deselected the scope at netID). */
  permissionToken: PermissionToken | null;
}

/** What `withNetIdCallbacks` adds to the client session (`session.netId`): never a token. */
export interface NetIdSessionInfo {
  flow: Flow;
  sub: string | null;
  /** ISO expiry of the Permission Center token and whether it has passed; `null` when there is none. */
  permissionToken: { expiresAt: string; expired: boolean } | null;
}

/** The part of the framework's `account` (next-auth v4 or Auth.js v5) that the capture reads. */
export interface NetIdAccountTokens {
  provider: string;
  id_token?: string;
  access_token?: string;
  token_type?: string;
  expires_at?: number;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Reads the sign-in's tokens with the core's rules (ID token claim in SSO, `access_token` standalone).
 * The framework passes `account` to the jwt callback only inside the OAuth callback, after it (next-auth
 * v4: openid-client, signature included; Auth.js v5: oauth4webapi for the claims, the provider's
 * `profile()` for the signature) verified this ID token: decoding suffices.
 */
export function captureNetId(flow: Flow, account: NetIdAccountTokens): NetIdTokenData {
  const now = nowSeconds();
  const claims = flowUsesOpenId(flow) && typeof account.id_token === 'string' ? decodeJwt(account.id_token) : undefined;
  const expiresIn = typeof account.expires_at === 'number' ? account.expires_at - now : undefined;
  const permissionToken = extractPermissionToken(
    flow,
    { access_token: account.access_token, token_type: account.token_type, expires_in: expiresIn },
    claims,
    now,
  );
  return { flow, sub: typeof claims?.sub === 'string' ? claims.sub : null, permissionToken };
}

/** `value` with `netId` set to exactly `netId` (dropped when undefined), whatever it carried before. */
export function withNetId<T extends object>(value: T, netId: NetIdTokenData | undefined): T {
  const { netId: _dropped, ...rest } = value as T & { netId?: unknown };
  return (netId ? { ...rest, netId } : rest) as T;
}

type Awaitable<T> = T | PromiseLike<T>;

/**
 * The jwt callback up to re-asserting `netId`: on a sign-in (`account` present) the token is captured
 * for a netID provider and dropped for any other; the app's callback runs on the token with that
 * `netId`. The adapter re-asserts `netId` on `result` with {@link withNetId} (its framework decides
 * what a null result means).
 */
export async function runJwtCallback<P extends { token: { netId?: NetIdTokenData }; account?: NetIdAccountTokens | null }, R>(
  flows: ReadonlyMap<string, Flow>,
  params: P,
  userJwt: ((params: P) => Awaitable<R>) | undefined,
): Promise<{ result: P['token'] | R; netId: NetIdTokenData | undefined }> {
  const { token, account } = params;
  let netId = token.netId;
  if (account) {
    const flow = flows.get(account.provider);
    netId = flow ? captureNetId(flow, account) : undefined;
  }
  const base = withNetId(token, netId);
  const result = userJwt ? await userJwt({ ...params, token: base }) : base;
  return { result, netId };
}

/**
 * The session callback: `session.netId` gets the public facts of `netId` (never the token), the
 * app's callback runs after, and a result that carries the raw Permission Center token throws
 * (the framework then fails the session request instead of leaking it).
 */
export async function runSessionCallback<P extends { session: object }, R>(
  netId: NetIdTokenData | undefined,
  params: P,
  userSession: ((params: P) => Awaitable<R>) | undefined,
): Promise<P['session'] | R> {
  const base = netId
    ? { ...params.session, netId: { flow: netId.flow, sub: netId.sub, permissionToken: publicPermissionToken(netId.permissionToken) } }
    : params.session;
  const result = userSession ? await userSession({ ...params, session: base }) : base;
  const raw = netId?.permissionToken?.accessToken;
  if (raw && JSON.stringify(result).includes(raw)) {
    throw new Error('withNetIdCallbacks: the session callback put the Permission Center token into the client session; keep it server side.');
  }
  return result;
}

/** The Permission Center token of a decoded session JWT; `null` when there is none or, unless `includeExpired`, when it expired. */
export function netIdPermissionToken(token: { netId?: NetIdTokenData } | null | undefined, includeExpired: boolean): PermissionToken | null {
  const permissionToken = token?.netId?.permissionToken;
  if (!permissionToken) return null;
  if (!includeExpired && permissionToken.expiresAt <= nowSeconds()) return null;
  return permissionToken;
}
