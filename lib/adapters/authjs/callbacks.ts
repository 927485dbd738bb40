import { ConfigError } from '../../errors';
import { decodeJwt } from 'jose';
import { getToken, type JWT } from '@auth/core/jwt';
import type { AuthConfig } from '@auth/core';
import type { Account } from '@auth/core/types';
import { isFlow, type Flow, type PermissionToken } from '../../auth';
import { extractPermissionToken, flowUsesOpenId, publicPermissionToken } from '../../auth/internal';

/** What {@link withNetIdCallbacks} keeps in the encrypted Auth.js JWT (`token.netId`). Server side only. */
export interface NetIdTokenData {
  /** The flow of the netID sign-in. */
  flow: Flow;
  /** The user's netID `sub` (pairwise); `null` in the `permission` flow, which carries no identity. */
  sub: string | null;
  /** The Permission Center token, or `null` (flow `login`, or the user deselected the scope at netID). */
  permissionToken: PermissionToken | null;
}

/** What {@link withNetIdCallbacks} adds to the client session (`session.netId`): never a token. */
export interface NetIdSessionInfo {
  flow: Flow;
  sub: string | null;
  /** ISO expiry of the Permission Center token and whether it has passed; `null` when there is none. */
  permissionToken: { expiresAt: string; expired: boolean } | null;
}

declare module '@auth/core/jwt' {
  interface JWT {
    /** netID data captured at sign-in by `withNetIdCallbacks` (server side only). */
    netId?: NetIdTokenData;
  }
}

declare module '@auth/core/types' {
  interface Session {
    /** Public netID facts added by `withNetIdCallbacks`. */
    netId?: NetIdSessionInfo;
  }
}

type Callbacks = NonNullable<AuthConfig['callbacks']>;
type JwtCallback = NonNullable<Callbacks['jwt']>;
type SessionCallback = NonNullable<Callbacks['session']>;

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function netIdFlows(providers: AuthConfig['providers']): Map<string, Flow> {
  const flows = new Map<string, Flow>();
  for (const provider of providers) {
    if (typeof provider !== 'object' || provider === null) continue;
    const flow: unknown = (provider as { netIdFlow?: unknown }).netIdFlow;
    const id: unknown = (provider as { id?: unknown }).id;
    if (isFlow(flow) && typeof id === 'string') flows.set(id, flow);
  }
  return flows;
}

/** Reads the sign-in's tokens with the core's rules (ID token claim in SSO, `access_token` standalone). */
function capture(flow: Flow, account: Account): NetIdTokenData {
  const now = nowSeconds();
  // Auth.js passes `account` to the jwt callback only inside the OAuth callback, after oauth4webapi
  // checked this ID token's claims and the provider's profile() verified its signature: decoding suffices.
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

function withNetId<T extends object>(value: T, netId: NetIdTokenData | undefined): T {
  const { netId: _dropped, ...rest } = value as T & { netId?: unknown };
  return (netId ? { ...rest, netId } : rest) as T;
}

/**
 * Returns the Auth.js v5 `config` with `jwt` and `session` callbacks that handle netID (yours, if
 * any, still run, after ours), with the v4 integration's guarantees:
 * - on a sign-in through a {@link NetIdProvider}, the Permission Center token (ID token claim in
 *   `login-permission`, token response in `permission`) is stored as `token.netId` in the encrypted
 *   Auth.js JWT; a sign-in with another provider drops it;
 * - `token.netId` is re-asserted after your `jwt` callback: neither it nor a client `update()` can change it;
 * - `session.netId` gets `{ flow, sub, permissionToken: { expiresAt, expired } | null }`, never the token;
 *   a `session` callback that copies the raw token into the session makes the session request fail.
 *
 * @throws AuthError `config_invalid` when no `NetIdProvider` is configured or the session strategy is not `jwt`.
 */
export function withNetIdCallbacks<C extends AuthConfig>(config: C): C {
  const flows = netIdFlows(config.providers);
  const problems: string[] = [];
  if (flows.size === 0) problems.push('config.providers contains no NetIdProvider');
  const strategy = config.session?.strategy ?? (config.adapter ? 'database' : 'jwt');
  if (strategy !== 'jwt') problems.push('session.strategy must be "jwt" (the token lives in the encrypted Auth.js JWT)');
  if (problems.length > 0) throw new ConfigError(problems.map((message) => ({ variable: 'authConfig', message })), 'withNetIdCallbacks', 'The sign-in service is not configured correctly.');

  const userJwt = config.callbacks?.jwt;
  const userSession = config.callbacks?.session;

  const jwt: JwtCallback = async (params) => {
    const { token, account } = params;
    let netId = token.netId;
    if (account) {
      const flow = flows.get(account.provider);
      netId = flow ? capture(flow, account) : undefined;
    }
    const base = withNetId(token, netId);
    const result = userJwt ? await userJwt({ ...params, token: base }) : base;
    return result ? withNetId(result, netId) : result;
  };

  const session: SessionCallback = async (params) => {
    const netId = (params as { token?: JWT }).token?.netId;
    const base = netId
      ? { ...params.session, netId: { flow: netId.flow, sub: netId.sub, permissionToken: publicPermissionToken(netId.permissionToken) } }
      : params.session;
    const result = userSession ? await userSession({ ...params, session: base } as Parameters<SessionCallback>[0]) : base;
    const raw = netId?.permissionToken?.accessToken;
    if (raw && JSON.stringify(result).includes(raw)) {
      throw new Error('withNetIdCallbacks: the session callback put the Permission Center token into the client session; keep it server side.');
    }
    return result;
  };

  return { ...config, session: { ...config.session, strategy: 'jwt' }, callbacks: { ...config.callbacks, jwt, session } };
}

/**
 * A request whose cookies hold the Auth.js session: a Web `Request` (route handlers, `@auth/express`'s
 * `req` converted), or `{ headers }` with a `cookie` header (a `Headers` or a plain record).
 */
export type NetIdRequestLike = Request | { headers: Headers | Record<string, string | string[] | undefined>; url?: string };

/** Options of {@link getNetIdPermissionToken}. */
export interface GetNetIdPermissionTokenOptions {
  /** Default `AUTH_SECRET`. A list rotates as in Auth.js. */
  secret?: string | string[];
  /** Default: the request URL (else `AUTH_URL`) is `https://` (cookie `__Secure-authjs.session-token`). */
  secureCookie?: boolean;
  /** Override the session cookie name (also the JWT salt, as in Auth.js). */
  cookieName?: string;
  /** Also return an expired token (default `false`: expired reads as `null`, time to re-run the flow). */
  includeExpired?: boolean;
}

function isRequestLike(value: unknown): value is NetIdRequestLike {
  return typeof value === 'object' && value !== null && 'headers' in value;
}

function cookieHeader(headers: NetIdRequestLike['headers']): string {
  if (headers instanceof Headers) return headers.get('cookie') ?? '';
  const value = headers.cookie;
  return Array.isArray(value) ? value.join('; ') : (value ?? '');
}

function isSecure(req: NetIdRequestLike): boolean {
  const url = 'url' in req && typeof req.url === 'string' && req.url ? req.url : process.env.AUTH_URL ?? '';
  return url.startsWith('https://');
}

/**
 * The user's Permission Center token, server side only: from a request carrying the Auth.js v5
 * session cookie (decrypted with `@auth/core/jwt`'s `getToken`, cookie only, never an
 * `Authorization` header) or from an already decoded JWT. `null` when signed out, signed in without
 * netID, in the `login` flow, when the user deselected the scope, or when the token expired (netID
 * has no refresh: re-run the flow with `signIn('netid')`).
 *
 * @example
 * ```ts
 * import { getNetIdPermissionToken } from 'netid-rp/authjs';
 * export async function GET(request: Request) {
 *   const token = await getNetIdPermissionToken(request);
 *   if (!token) return Response.json({ error: 'unauthenticated' }, { status: 401 });
 *   // call the Permission Center with `Authorization: Bearer ${token.accessToken}`
 *   return Response.json({ expiresAt: token.expiresAt });
 * }
 * ```
 */
export async function getNetIdPermissionToken(
  source: NetIdRequestLike | JWT | null | undefined,
  options: GetNetIdPermissionTokenOptions = {},
): Promise<PermissionToken | null> {
  const { includeExpired = false, secret = process.env.AUTH_SECRET, secureCookie, cookieName } = options;
  let token: JWT | null | undefined;
  if (isRequestLike(source)) {
    if (!secret) throw new ConfigError([{ variable: 'AUTH_SECRET', message: 'pass `secret` or set AUTH_SECRET' }], 'getNetIdPermissionToken', 'The sign-in service is not configured correctly.');
    const secure = secureCookie ?? isSecure(source);
    token = await getToken({
      req: { headers: new Headers({ cookie: cookieHeader(source.headers) }) },
      secret,
      secureCookie: secure,
      ...(cookieName ? { cookieName } : {}),
    });
  } else {
    token = source;
  }
  const permissionToken = token?.netId?.permissionToken;
  if (!permissionToken) return null;
  if (!includeExpired && permissionToken.expiresAt <= nowSeconds()) return null;
  return permissionToken;
}
