/**
 * next-auth v4 callbacks and server-side reader for the netID Permission Center token.
 * Part of the next-auth integration; import from `lib/adapters/next-auth`.
 *
 * @module
 */
import { parse as parseCookie } from 'cookie';
import { getToken, type JWT } from 'next-auth/jwt';
import type { AuthOptions, CallbacksOptions } from 'next-auth';
import { isFlow, type Flow, type PermissionToken } from '../../auth';
import { ConfigError, type ConfigIssue } from '../../errors';
import { cookieHeader, netIdPermissionToken, runJwtCallback, runSessionCallback, withNetId, type NetIdSessionInfo, type NetIdTokenData } from '../auth-js-shared';

declare module 'next-auth/jwt' {
  interface JWT {
    /** netID data captured at sign-in by `withNetIdCallbacks` (server side only). */
    netId?: NetIdTokenData;
  }
}

declare module 'next-auth' {
  interface Session {
    /** Public netID facts added by `withNetIdCallbacks`. */
    netId?: NetIdSessionInfo;
  }
}

type Provider = AuthOptions['providers'][number];
type JwtCallback = CallbacksOptions['jwt'];
type SessionCallback = CallbacksOptions['session'];

/** Provider id → flow, for every `NetIdProvider` in the options. */
function netIdFlows(providers: readonly Provider[]): Map<string, Flow> {
  const flows = new Map<string, Flow>();
  for (const provider of providers) {
    const flow: unknown = (provider as { netIdFlow?: unknown }).netIdFlow;
    if (isFlow(flow)) flows.set(provider.id, flow);
  }
  return flows;
}

/**
 * Returns `options` with `jwt` and `session` callbacks that handle netID (your own callbacks,
 * if any, still run, after ours):
 * - on a sign-in through a {@link NetIdProvider}, the Permission Center token is taken from the
 *   ID token claim (`login-permission`) or the token response (`permission`) by the core's
 *   `extractPermissionToken` and stored as `token.netId` in the encrypted next-auth JWT;
 * - `token.netId` is re-asserted after your `jwt` callback, so neither it nor a client
 *   `useSession().update()` payload can set or change it; a sign-in with another provider drops it;
 * - `session.netId` gets `{ flow, sub, permissionToken: { expiresAt, expired } | null }`, never the token.
 *   If your `session` callback copies the raw token into the client session anyway, the session
 *   request fails (next-auth logs `JWT_SESSION_ERROR` and clears the cookie) instead of leaking it.
 *
 * Read the token server side with {@link getNetIdPermissionToken}.
 *
 * @throws ConfigError `config_invalid` when no `NetIdProvider` is configured or the session strategy is not `jwt`
 *   (with a database session the jwt callback never runs, so the token would be lost).
 */
export function withNetIdCallbacks<O extends AuthOptions>(options: O): O {
  const flows = netIdFlows(options.providers);
  const problems: ConfigIssue[] = [];
  if (flows.size === 0) problems.push({ variable: 'options.providers', message: 'contains no NetIdProvider' });
  const strategy = options.session?.strategy ?? (options.adapter ? 'database' : 'jwt');
  if (strategy !== 'jwt') problems.push({ variable: 'session.strategy', message: 'must be "jwt" (the token lives in the encrypted next-auth JWT)' });
  if (problems.length > 0) throw new ConfigError(problems, 'withNetIdCallbacks', 'The sign-in service is not configured correctly.');

  const userJwt = options.callbacks?.jwt;
  const userSession = options.callbacks?.session;

  const jwt: JwtCallback = async (params) => {
    const { result, netId } = await runJwtCallback(flows, params, userJwt);
    return withNetId(result, netId);
  };

  const session: SessionCallback = (params) => runSessionCallback(params.token?.netId, params, userSession);

  return { ...options, session: { ...options.session, strategy: 'jwt' }, callbacks: { ...options.callbacks, jwt, session } };
}

/**
 * A request whose cookies hold the next-auth session: a Web `Request` (route handlers), a
 * `NextRequest` (middleware), a `NextApiRequest`/`IncomingMessage` with `cookies` (pages API,
 * `getServerSideProps`), or `{ headers: await headers(), cookies: await cookies() }` in a Server Component.
 */
export type NetIdRequestLike =
  | Request
  | { headers: Headers | Record<string, string | string[] | undefined>; cookies?: unknown };

/** Options of {@link getNetIdPermissionToken}; the first three as for next-auth's `getToken`. */
export interface GetNetIdPermissionTokenOptions {
  /** Default `NEXTAUTH_SECRET` (then `AUTH_SECRET`). */
  secret?: string;
  /** Default: `NEXTAUTH_URL` starts with `https://` (cookie `__Secure-next-auth.session-token`). */
  secureCookie?: boolean;
  /** Override the session cookie name. */
  cookieName?: string;
  /** Also return an expired token (default `false`: expired reads as `null`, time to re-run the flow). */
  includeExpired?: boolean;
}

function isRequestLike(value: unknown): value is NetIdRequestLike {
  return typeof value === 'object' && value !== null && 'headers' in value;
}

type TokenRequest = Parameters<typeof getToken>[0]['req'];

/** Only the cookies go to `getToken`: the session is read from the cookie, never from an `Authorization` header. */
function cookieOnlyRequest(req: NetIdRequestLike): TokenRequest {
  const cookies = 'cookies' in req && req.cookies && typeof req.cookies === 'object'
    ? req.cookies
    : parseCookie(cookieHeader(req.headers));
  return { cookies, headers: {} } as unknown as TokenRequest;
}

/**
 * The user's Permission Center token, server side only: from a request carrying the next-auth
 * session cookie (decrypted with next-auth's `getToken`) or from an already decoded JWT (e.g. in
 * a `jwt` callback). `null` when signed out, signed in without netID, in the `login` flow, when the
 * user deselected the scope, or when the token expired (netID has no refresh: re-run the flow).
 *
 * @example
 * ```ts
 * export async function GET(request: Request) {
 *   const token = await getNetIdPermissionToken(request);
 *   if (!token) return Response.json({ error: 'unauthenticated' }, { status: 401 });
 *   // call the Permission Center with `Authorization: Bearer ${token.accessToken}`
 * }
 * ```
 */
export async function getNetIdPermissionToken(
  source: NetIdRequestLike | JWT | null | undefined,
  options: GetNetIdPermissionTokenOptions = {},
): Promise<PermissionToken | null> {
  const { includeExpired = false, ...tokenOptions } = options;
  const token = isRequestLike(source) ? await getToken({ req: cookieOnlyRequest(source), ...tokenOptions }) : source;
  return netIdPermissionToken(token, includeExpired);
}
