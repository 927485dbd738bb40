import type { SessionStore } from '../auth';

type RedisEntry = typeof import('../redis');
let entry: Promise<RedisEntry> | undefined;
/** The `/redis` entry, loaded on first use only (sites with cookie sessions never load a Redis client). */
const loadRedis = (): Promise<RedisEntry> => (entry ??= import('../redis'));

/**
 * The Redis session store of one site: the process's shared connection for `url`, and keys under
 * `netid:site:<host>:`, so the per-user and per-`sid` indexes ("sign out everywhere", back-channel
 * logout) of one site never reach another's sessions, even for the same user at the same issuer.
 */
export function siteRedisStore(url: string, host: string): SessionStore {
  let store: Promise<SessionStore> | undefined;
  const get = () => (store ??= loadRedis().then((m) => m.createRedisSessionStore({ redis: m.sharedRedisClient(url), prefix: `netid:site:${host}:` })));
  return {
    kind: 'server',
    load: async (value, ctx) => (await get()).load(value, ctx),
    save: async (session, ctx, previous) => (await get()).save(session, ctx, previous),
    destroy: async (value, ctx) => (await get()).destroy(value, ctx),
    endSessions: async (match, ctx) => (await get()).endSessions!(match, ctx),
    claimOnce: async (id, ttl, ctx) => (await get()).claimOnce!(id, ttl, ctx),
  };
}
