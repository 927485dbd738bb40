import { ConfigError } from '../../errors';
import { getToken, type JWT } from '@auth/core/jwt';
import type { AuthConfig } from '@auth/core';
import { isFlow, type Flow, type PermissionToken } from '../../auth';
import { cookieHeader, netIdPermissionToken, runJwtCallback, runSessionCallback, withNetId, type NetIdSessionInfo, type NetIdTokenData } from '../auth-js-shared';

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
    const { result, netId } = await runJwtCallback(flows, params, userJwt);
    return result ? withNetId(result, netId) : result;
  };

  const session: SessionCallback = (params) =>
    runSessionCallback((params as { token?: JWT }).token?.netId, params, userSession);

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
  return netIdPermissionToken(token, includeExpired);
}
