import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import { AuthError, type SessionData, type SessionMatch, type SessionStore, type SessionStoreContext } from '../auth';
import { reusedSession } from '../auth/internal';
import type { RedisClient } from './client';
import { digest } from './sealer';
import { storeCall } from './store-call';
import { timedSessionStore } from './timed-session-store';

/** Options of {@link createRedisSessionStore}. */
export interface RedisSessionStoreOptions {
  redis: RedisClient;
  /** Key prefix. Default `netid:`. */
  prefix?: string;
  /** Most unsealed ids and sessions kept in memory (each read still asks Redis). Default 5000. */
  maxCached?: number;
}

/** A session as last read from Redis: reused while Redis still holds exactly this seal. */
interface CachedRead {
  ctx: SessionStoreContext;
  sealed: string;
  session: SessionData;
}

/** Adds a member to an index set and makes the set live at least as long as the session. */
const ADD_TO_INDEX =
  "redis.call('SADD', KEYS[1], ARGV[1]); local t = redis.call('PTTL', KEYS[1]); if t >= 0 and t < tonumber(ARGV[2]) or t == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end; return 1";

function remainingSeconds(session: SessionData): number {
  return Math.max(1, session.expiresAt - Math.floor(Date.now() / 1000));
}

/** The provider's session id of a session, from its (already verified) ID token. */
function providerSid(session: SessionData): string | undefined {
  const idToken = session.tokens?.idToken;
  if (!idToken) return undefined;
  try {
    const { sid } = decodeJwt(idToken);
    return typeof sid === 'string' && sid ? sid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Server-side sessions in Redis. The cookie carries only a random 256-bit session id, sealed
 * with the session password; the session lives in Redis, sealed too, and expires with the
 * session. Logout deletes it, so the old cookie replayed anywhere reads as signed out; every
 * session is indexed by user and by the provider's `sid`, for "sign out everywhere" and
 * back-channel logout. Keys are digests (never an id, a token or a user name as it is).
 * When Redis does not answer in time, reads and writes reject with `session_store_unavailable`.
 *
 * @example
 * ```ts
 * import { createNetIdAuth, optionsFromEnv } from 'netid-rp';
 * import { createRedisClient, createRedisSessionStore } from 'netid-rp/redis';
 * const redis = createRedisClient('redis://127.0.0.1:6379');
 * const options = optionsFromEnv(process.env);
 * const auth = createNetIdAuth({ ...options, session: { ...options.session, store: createRedisSessionStore({ redis }) } });
 * ```
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const { redis } = options;
  const prefix = options.prefix ?? 'netid:';
  const sessionKey = (id: string) => `${prefix}session:${digest(id)}`;
  const userKey = (ctx: SessionStoreContext, sub: string) => `${prefix}user:${digest(`${ctx.config.issuer}\u0000${sub}`)}`;
  const sidKey = (ctx: SessionStoreContext, sid: string) => `${prefix}sid:${digest(`${ctx.config.issuer}\u0000${sid}`)}`;
  // Unsealing costs most of a read: the cookie's id never changes, and a session is unsealed again
  // only when its seal in Redis changed. Revocation still shows at once: every read GETs from Redis.
  const max = options.maxCached ?? 5000;
  const ids = new LRUCache<string, { ctx: SessionStoreContext; id: string }>({ max });
  const reads = new LRUCache<string, CachedRead>({ max });

  async function idOf(cookieValue: string, ctx: SessionStoreContext): Promise<string | undefined> {
    const hit = ids.get(cookieValue);
    if (hit?.ctx === ctx) return hit.id;
    const data = await ctx.unseal(cookieValue);
    const id = typeof data?.sid === 'string' && data.sid.length >= 32 ? data.sid : undefined;
    if (id) ids.set(cookieValue, { ctx, id }, { ttl: ctx.config.sessionTtl * 1000 });
    return id;
  }

  async function parseRead(key: string, sealed: string, ctx: SessionStoreContext): Promise<SessionData | null> {
    const hit = reads.get(key);
    if (hit && hit.ctx === ctx && hit.sealed === sealed) return hit.session.expiresAt > Math.floor(Date.now() / 1000) ? hit.session : null;
    const session = ctx.parse(await ctx.unseal(sealed));
    if (!session) {
      reads.delete(key);
      return null;
    }
    reads.set(key, { ctx, sealed, session }, { ttl: remainingSeconds(session) * 1000 });
    reusedSession(session);
    return session;
  }

  async function index(session: SessionData, key: string, ctx: SessionStoreContext): Promise<void> {
    const ttl = String(remainingSeconds(session) * 1000);
    const sid = providerSid(session);
    const sets = [session.user ? userKey(ctx, session.user.sub) : undefined, sid ? sidKey(ctx, sid) : undefined].filter((k): k is string => !!k);
    await Promise.all(sets.map((set) => redis.eval(ADD_TO_INDEX, 1, set, key, ttl)));
  }

  return timedSessionStore({
    kind: 'server',
    async load(cookieValue, ctx) {
      const id = await idOf(cookieValue, ctx);
      if (!id) return null;
      const key = sessionKey(id);
      const sealed = await storeCall(() => redis.get(key));
      return sealed ? parseRead(key, sealed, ctx) : null;
    },
    async save(session, ctx, cookieValue) {
      const ttl = remainingSeconds(session);
      const sealed = await ctx.seal({ ...session }, ttl);
      if (cookieValue !== undefined) {
        // An update (a refresh): only while the session still exists, so a logout that won the race stays a logout.
        const id = await idOf(cookieValue, ctx);
        if (!id || (await storeCall(() => redis.set(sessionKey(id), sealed, 'EX', ttl, 'XX'))) !== 'OK') throw new AuthError('session_expired');
        await storeCall(() => index(session, sessionKey(id), ctx));
        return cookieValue;
      }
      const id = randomBytes(32).toString('base64url');
      await storeCall(async () => {
        await redis.set(sessionKey(id), sealed, 'EX', ttl, 'NX');
        await index(session, sessionKey(id), ctx);
      });
      return ctx.seal({ sid: id }, ttl);
    },
    async destroy(cookieValue, ctx) {
      const id = await idOf(cookieValue, ctx);
      if (!id) return;
      const key = sessionKey(id);
      reads.delete(key);
      await storeCall(async () => {
        const sealed = await redis.get(key);
        await redis.del(key);
        // Keep the indexes small: drop the ended session from its user's and its sid's set.
        const session = sealed ? ctx.parse(await ctx.unseal(sealed)) : null;
        const sid = session && providerSid(session);
        if (session?.user) await redis.srem(userKey(ctx, session.user.sub), key);
        if (sid) await redis.srem(sidKey(ctx, sid), key);
      });
    },
    async endSessions(match: SessionMatch, ctx) {
      return storeCall(async () => {
        const bySid = match.sid ? await redis.smembers(sidKey(ctx, match.sid)) : undefined;
        const byUser = match.sub ? await redis.smembers(userKey(ctx, match.sub)) : undefined;
        const keys = bySid && byUser ? bySid.filter((k) => byUser.includes(k)) : (bySid ?? byUser ?? []);
        if (keys.length === 0) return 0;
        const ended = await Promise.all(keys.map((k) => redis.del(k)));
        if (match.sid && !match.sub) await redis.del(sidKey(ctx, match.sid));
        if (match.sub && !match.sid) await redis.del(userKey(ctx, match.sub));
        return ended.reduce((a, b) => a + b, 0);
      });
    },
    async claimOnce(id, ttlSeconds) {
      const key = `${prefix}jti:${digest(id)}`;
      return (await storeCall(() => redis.set(key, '1', 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX'))) === 'OK';
    },
  });
}
