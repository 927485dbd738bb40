import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { CookieStore } from './cookie-store';
import { deleteChunkedCookie, MAX_CHUNKED_VALUE, readChunkedCookie, writeChunkedCookie } from './cookie-chunks';
import { cookieOptions, sessionCookieName } from './cookies';
import { AuthError } from './errors';
import { isFlow } from './flows';
import { createSessionAdmission, type SessionAdmission } from './session-admission';
import { seal, unsealSync } from './session-seal';
import { reusedSession } from './session-body-memo';
import type { AuthConfig, SessionData, SessionStore, SessionStoreContext } from './types';

export type { PermissionToken, SessionData, SessionUser, UserTokens } from './types';

const sessionSchema = z.object({
  v: z.literal(1),
  flow: z.string().refine(isFlow),
  issuer: z.string(),
  user: z.looseObject({ sub: z.string().min(1) }).nullable(),
  permissionToken: z
    .object({ accessToken: z.string().min(1), tokenType: z.string(), expiresAt: z.number() })
    .nullable(),
  tokens: z
    .object({
      accessToken: z.string().min(1),
      issuedAt: z.number(),
      expiresAt: z.number(),
      refreshToken: z.string().min(1).optional(),
      idToken: z.string().min(1).optional(),
    })
    .nullable()
    .default(null),
  createdAt: z.number(),
  expiresAt: z.number(),
});

/** Bound of the unsealed-session cache of one cookie session store (one per configuration). */
const MAX_CACHED_SESSIONS = 5000;

/**
 * Seals a session into its cookie value, whole: a value too big for one cookie is split across
 * chunks when written. Throws the AuthError `session_too_large` when even the chunks cannot hold it.
 */
export async function sealSession(session: SessionData, config: AuthConfig): Promise<string> {
  const value = await seal({ ...session }, config.sessionPasswords, sessionTtl(session));
  if (value.length > MAX_CHUNKED_VALUE) throw new AuthError('session_too_large', { provider: config.profile.name });
  return value;
}

function sessionTtl(session: SessionData): number {
  return Math.max(1, session.expiresAt - Math.floor(Date.now() / 1000));
}

/** Stores a new session through the configured {@link SessionStore} and writes its cookie. */
export async function writeSession(store: CookieStore, session: SessionData, config: AuthConfig): Promise<void> {
  writeSessionValue(store, await saveSession(session, config), session, config);
}

/** Writes an already stored `value` of `session` (one cookie, or chunks when it does not fit; stale chunks deleted). */
export function writeSessionValue(store: CookieStore, value: string, session: SessionData, config: AuthConfig): void {
  writeChunkedCookie(store, sessionCookieName(config), value, cookieOptions(config, sessionTtl(session)), config);
}

/** The cookie value for `session` from the configured store (`previous`: the cookie of the session it updates). */
export function saveSession(session: SessionData, config: AuthConfig, previous?: string): Promise<string> {
  return config.sessionStore.save(session, storeContextFor(config), previous);
}

/** Ends the session in the browser (and forgets its cached unseal). */
export function clearSession(store: CookieStore, config: AuthConfig): void {
  const value = sessionCookieValue(store, config);
  // The cookie store's destroy only forgets the cached unseal (synchronously); a server store is
  // destroyed by destroySession or endSession, not here.
  if (value && config.sessionStore.kind === 'cookie') void config.sessionStore.destroy(value, storeContextFor(config));
  deleteChunkedCookie(store, sessionCookieName(config), config);
}

/** Ends the session in the store (a server-side store deletes it) and in the browser. */
export async function destroySession(store: CookieStore, config: AuthConfig): Promise<void> {
  const value = sessionCookieValue(store, config);
  try {
    if (value) await config.sessionStore.destroy(value, storeContextFor(config));
  } finally {
    clearSession(store, config);
  }
}

/** The raw session cookie value (its chunks joined), if any (what a refresh is keyed on). */
export function sessionCookieValue(store: CookieStore, config: AuthConfig): string | undefined {
  return readChunkedCookie(store, sessionCookieName(config));
}

/**
 * Reads the session from the store. A missing, tampered, expired, foreign, oversized or
 * malformed cookie reads as `null` (signed out), never as an error.
 */
export function readSession(store: CookieStore, config: AuthConfig): Promise<SessionData | null> {
  const value = sessionCookieValue(store, config);
  return value === undefined ? Promise.resolve(null) : config.sessionStore.load(value, storeContextFor(config));
}

/** The cookie store's cache of unsealed sessions and the filter that decides what it takes in. */
interface UnsealCache {
  entries: LRUCache<string, SessionData>;
  admission: SessionAdmission;
}

/**
 * Unseals a session cookie value; `null` for anything that is not a live session of this
 * configuration. The unseal is synchronous (node:crypto), so a read costs no promise hop of its
 * own. `cache` (the cookie store's, for its own configuration) keeps unsealed values that its
 * admission filter takes in (lib/auth/session-admission.ts).
 */
function unsealSessionSync(value: string, config: AuthConfig, cache: UnsealCache | undefined): SessionData | null {
  if (!value || value.length > MAX_CHUNKED_VALUE) return null;
  // The cache drops an entry when its TTL (the session's remaining lifetime) has passed, so a hit
  // is live: no clock read of our own (Date.now is wrapped, and costs, inside Next's request scope).
  const hit = cache?.entries.get(value);
  if (hit) return hit;
  const nowMs = Date.now();
  const now = Math.floor(nowMs / 1000);
  const session = parseSession(unsealSync(value, config.sessionPasswords, nowMs), config, now);
  if (session && cache?.admission.admit(value)) {
    cache.entries.set(value, session, { ttl: session.expiresAt * 1000 - nowMs });
    reusedSession(session);
  }
  return session;
}

/** Unsealed data as a live session of this configuration, or `null`. */
function parseSession(data: unknown, config: AuthConfig, now = Math.floor(Date.now() / 1000)): SessionData | null {
  const parsed = sessionSchema.safeParse(data);
  if (!parsed.success) return null;
  const session = parsed.data as SessionData;
  return session.issuer !== config.issuer || session.expiresAt <= now ? null : session;
}

/**
 * The default {@link SessionStore}: the sealed session is the cookie; nothing is kept on the
 * server. Each configuration gets its own (`resolveOptions` makes one), and with it its own cache
 * of unsealed sessions: reading a session is the hot path of every request and unsealing costs
 * most of it, so a value read again is unsealed once and reused until it expires (bounded in
 * entries; each entry's TTL is its session's remaining lifetime). A value enters the cache on its
 * second read, or on its first when this store sealed it: one-off reads never churn it
 * (lib/auth/session-admission.ts). The cache lives and dies with the `NetIdAuth` instance that
 * owns the configuration: no module-level state, nothing for tests to reset. It serves the first
 * configuration that reads through the store only, so a copy of that configuration (another
 * password or issuer) never sees its entries.
 */
export function createCookieSessionStore(): SessionStore {
  const unsealed: UnsealCache = { entries: new LRUCache<string, SessionData>({ max: MAX_CACHED_SESSIONS }), admission: createSessionAdmission() };
  let owner: AuthConfig | undefined;
  const cacheFor = (config: AuthConfig) => ((owner ??= config) === config ? unsealed : undefined);
  return {
    kind: 'cookie',
    load: (value, ctx) => Promise.resolve(unsealSessionSync(value, ctx.config, cacheFor(ctx.config))),
    save: async (session, ctx) => {
      const value = await sealSession(session, ctx.config);
      cacheFor(ctx.config)?.admission.remember(value);
      return value;
    },
    destroy: async (value, ctx) => void cacheFor(ctx.config)?.entries.delete(value),
  };
}

const contexts = new WeakMap<AuthConfig, SessionStoreContext>();

/** The seal a store gets: the session passwords' (iron-session format), one context per configuration. */
export function storeContextFor(config: AuthConfig): SessionStoreContext {
  let ctx = contexts.get(config);
  if (!ctx) {
    ctx = {
      config,
      seal: (data, ttl) => seal(data, config.sessionPasswords, ttl),
      unseal: (value) => Promise.resolve(unsealSync(value, config.sessionPasswords)),
      parse: (data) => parseSession(data, config),
    };
    contexts.set(config, ctx);
  }
  return ctx;
}
