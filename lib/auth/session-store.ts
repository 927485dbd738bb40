import type { AuthConfig } from './config';
import type { SessionData } from './session';

/**
 * What the core hands a {@link SessionStore}: the configuration and the session password's seal
 * (iron-session, the same one the cookie uses), so a store never needs a key of its own.
 */
export interface SessionStoreContext {
  config: AuthConfig;
  /** Seals JSON-able data with the first session password for `ttlSeconds`. */
  seal(data: Record<string, unknown>, ttlSeconds: number): Promise<string>;
  /** Unseals with any session password; `undefined` for anything tampered, expired or foreign. */
  unseal(value: string): Promise<Record<string, unknown> | undefined>;
  /** Validates unsealed data as a live session of this configuration; `null` when it is not one. */
  parse(data: unknown): SessionData | null;
}

/** Which sessions a back-channel logout (or "sign out everywhere") ends. */
export interface SessionMatch {
  /** The provider's session id (`sid` of the ID token / logout token). */
  sid?: string;
  /** The user (`sub`); with `sid`, only that session of the user. */
  sub?: string;
}

/**
 * Where sessions live. The default keeps the whole sealed session in the cookie (no shared state);
 * a server-side store (e.g. `createRedisSessionStore` of `/redis`) keeps it on the server and puts
 * only a sealed random id in the cookie, so a session can be ended before its cookie expires.
 *
 * Methods of a server-side store reject with the `AuthError` `session_store_unavailable` when
 * the store does not answer in time; they never hang.
 */
export interface SessionStore {
  /** `cookie`: the cookie is the session; `server`: the cookie names a session kept on the server. */
  readonly kind: 'cookie' | 'server';
  /** The session a cookie value stands for, or `null` (signed out). */
  load(cookieValue: string, ctx: SessionStoreContext): Promise<SessionData | null>;
  /**
   * Stores `session` and returns the cookie value for it. `cookieValue` is the current cookie
   * when the session is updated (a token refresh); a server-side store then keeps its id, and
   * rejects with `session_expired` when the session was ended meanwhile.
   */
  save(session: SessionData, ctx: SessionStoreContext, cookieValue?: string): Promise<string>;
  /** Ends the session behind a cookie value (logout). */
  destroy(cookieValue: string, ctx: SessionStoreContext): Promise<void>;
  /** Server-side stores: ends every session that matches; returns how many. */
  endSessions?(match: SessionMatch, ctx: SessionStoreContext): Promise<number>;
  /** Server-side stores: `true` the first time `id` is seen within `ttlSeconds`, `false` for a replay. */
  claimOnce?(id: string, ttlSeconds: number, ctx: SessionStoreContext): Promise<boolean>;
}
