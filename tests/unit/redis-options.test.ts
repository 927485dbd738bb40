import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, createNetIdAuth, optionsFromEnv, parseConfig as coreParseConfig } from '@/lib/auth';
import { resolveOptions } from '@/lib/auth/internal';
import { createMemoryRefreshCoordinator } from '@/lib/auth/refresh-coordinator';
import { redisNodeUrls } from '@/lib/config';
import { closeSharedRedisClients, createRedisClient, sharedRedisClient, withRedis } from '@/lib/redis';
import { createSealer } from '@/lib/redis/sealer';

const env = {
  NETID_ISSUER: 'https://broker.netid.de/',
  NETID_CLIENT_ID: 'client',
  NETID_CLIENT_SECRET: 'secret',
  APP_URL: 'https://shop.example',
  SESSION_PASSWORD: 's'.repeat(32),
};

/** The environment as an app that imports netid-rp/redis reads it. */
const parseConfig = (e: Record<string, string | undefined>) => resolveOptions(withRedis(optionsFromEnv(e)));

function issues(extra: Record<string, string>): Array<{ variable: string; message: string }> {
  try {
    parseConfig({ ...env, ...extra });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('SESSION_STORE and REDIS_URL', () => {
  it('cookie sessions by default, no Redis', () => {
    const config = parseConfig(env);
    expect(config.sessionStore.kind).toBe('cookie');
    expect(config.redisUrl).toBeUndefined();
  });

  it('SESSION_STORE=redis with REDIS_URL: server-side sessions (nothing connects until first use)', () => {
    const config = parseConfig({ ...env, SESSION_STORE: 'redis', REDIS_URL: 'rediss://default:pw@cache.example:6380' });
    expect(config.sessionStore.kind).toBe('server');
    expect(config.redisUrl).toBe('rediss://default:pw@cache.example:6380');
  });

  it('SESSION_STORE=redis without REDIS_URL names REDIS_URL', () => {
    expect(issues({ SESSION_STORE: 'redis' })).toEqual([{ variable: 'REDIS_URL', message: expect.stringContaining('required') }]);
  });

  it('without netid-rp/redis, SESSION_STORE=redis or REDIS_URL is refused naming the import, never served from cookies', () => {
    const refused = (extra: Record<string, string>) => {
      try {
        coreParseConfig({ ...env, ...extra });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).issues;
      }
      throw new Error('expected a ConfigError');
    };
    const message = expect.stringContaining("import { withRedis } from 'netid-rp/redis'");
    expect(refused({ SESSION_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([{ variable: 'SESSION_STORE', message }]);
    expect(refused({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([{ variable: 'REDIS_URL', message }]);
    // createNetIdAuth() reading such an environment fails on first use the same way (ConfigError, never cookies).
    const fromEnv = createNetIdAuth(() => optionsFromEnv({ ...env, SESSION_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }));
    expect(() => fromEnv.config()).toThrow(/SESSION_STORE.*import \{ withRedis \} from 'netid-rp\/redis'/);
    // A coordinator given in code is what REDIS_URL would have built: nothing is missing then.
    const options = { ...optionsFromEnv({ ...env, REDIS_URL: 'redis://127.0.0.1:6379' }), refreshCoordinator: createMemoryRefreshCoordinator() };
    expect(resolveOptions(options).sessionStore.kind).toBe('cookie');
  });

  it('an unknown SESSION_STORE names SESSION_STORE', () => {
    expect(issues({ SESSION_STORE: 'memcached' }).map((i) => i.variable)).toEqual(['SESSION_STORE']);
  });

  it('plain redis:// only on loopback; anything that is not a Redis URL is refused, without echoing it', () => {
    expect(parseConfig({ ...env, REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    const plain = issues({ REDIS_URL: 'redis://:hunter2-secret@cache.example:6379' });
    expect(plain).toEqual([{ variable: 'REDIS_URL', message: expect.stringContaining('rediss://') }]);
    expect(JSON.stringify(plain)).not.toContain('hunter2');
    expect(issues({ REDIS_URL: 'https://cache.example' }).map((i) => i.variable)).toEqual(['REDIS_URL']);
  });
});

describe('REDIS_URL as a comma-separated list of Redis Cluster nodes', () => {
  afterEach(async () => {
    await closeSharedRedisClients();
    vi.restoreAllMocks();
  });

  it('a list of loopback redis:// nodes is accepted and kept without the blanks', () => {
    const config = parseConfig({ ...env, SESSION_STORE: 'redis', REDIS_URL: ' redis://127.0.0.1:7000, redis://[::1]:7001 ,redis://localhost:7002,' });
    expect(config.sessionStore.kind).toBe('server');
    expect(config.redisUrl).toBe('redis://127.0.0.1:7000,redis://[::1]:7001,redis://localhost:7002');
    expect(parseConfig({ ...env, REDIS_URL: 'rediss://u:pw@node-1.cache.example:6380,rediss://u:pw@node-2.cache.example:6380' }).redisUrl).toBe(
      'rediss://u:pw@node-1.cache.example:6380,rediss://u:pw@node-2.cache.example:6380',
    );
  });

  it('every node is checked like a single URL, without echoing it: plain redis:// off loopback and non-Redis URLs are refused', () => {
    const plain = issues({ REDIS_URL: 'redis://127.0.0.1:7000,redis://:hunter2-secret@cache.example:7001' });
    expect(plain).toEqual([{ variable: 'REDIS_URL', message: expect.stringContaining('rediss://') }]);
    expect(JSON.stringify(plain)).not.toContain('hunter2');
    expect(issues({ REDIS_URL: 'redis://127.0.0.1:7000,https://cache.example' })).toEqual([{ variable: 'REDIS_URL', message: expect.stringContaining('list') }]);
    expect(issues({ REDIS_URL: 'redis://127.0.0.1:7000,not-a-url' }).map((i) => i.variable)).toEqual(['REDIS_URL']);
    expect(issues({ REDIS_URL: ' , ' }).map((i) => i.variable)).toEqual(['REDIS_URL']);
  });

  it('the nodes share one scheme: a loopback redis:// beside a rediss:// node is refused (one TLS setting serves the Cluster)', () => {
    expect(issues({ REDIS_URL: 'redis://127.0.0.1:7000,rediss://node-2.cache.example:6380' })).toEqual([
      { variable: 'REDIS_URL', message: expect.stringContaining('all use rediss:// or all redis://') },
    ]);
    expect(() => createRedisClient(['redis://127.0.0.1:7000', 'rediss://node-2.cache.example:6380'])).toThrow(TypeError);
    expect(() => createRedisClient([])).toThrow(TypeError);
  });

  it('a single URL stays one URL, a comma in its password included', () => {
    expect(redisNodeUrls('redis://127.0.0.1:6379')).toEqual(['redis://127.0.0.1:6379']);
    expect(redisNodeUrls('rediss://default:pa,ss@cache.example:6380')).toEqual(['rediss://default:pa,ss@cache.example:6380']);
    expect(parseConfig({ ...env, REDIS_URL: 'rediss://default:pa,ss@cache.example:6380' }).redisUrl).toBe('rediss://default:pa,ss@cache.example:6380');
  });

  it('sharedRedisClient: one URL is a Redis, a list a Cluster; one client per list however it is spaced', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const single = sharedRedisClient('redis://127.0.0.1:1');
    expect(single).toBeInstanceOf(Redis);
    expect(sharedRedisClient('redis://127.0.0.1:1')).toBe(single);
    const cluster = sharedRedisClient('redis://127.0.0.1:1,redis://127.0.0.1:2');
    expect(cluster).toBeInstanceOf(Cluster);
    expect(sharedRedisClient(' redis://127.0.0.1:1 , redis://127.0.0.1:2')).toBe(cluster);
  });
});

describe('the sealer of values kept in Redis', () => {
  it('round-trips, hides the value, rotates (first seals, all unseal) and refuses tampering or a foreign key', async () => {
    const current = 'c'.repeat(32);
    const previous = 'p'.repeat(32);
    const old = createSealer(previous, 'test');
    const sealed = await old.seal({ token: 'raw-token-value' });
    expect(sealed).not.toContain('raw-token-value');
    const rotated = createSealer([current, previous], 'test');
    expect(await rotated.unseal(sealed)).toEqual({ token: 'raw-token-value' });
    expect(await old.unseal(await rotated.seal({ a: 1 }))).toBeUndefined();
    const tampered = `${sealed.slice(0, -4)}${sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await rotated.unseal(tampered)).toBeUndefined();
    expect(await createSealer(previous, 'other-purpose').unseal(sealed)).toBeUndefined();
    expect(await rotated.unseal('garbage')).toBeUndefined();
  });

  it('refuses a short secret with a ConfigError', () => {
    expect(() => createSealer('short', 'test')).toThrow(ConfigError);
  });
});
