import { describe, expect, it } from 'vitest';
import { ConfigError, cookieSessionStore, parseConfig } from '@/lib/auth';
import { createSealer } from '@/lib/redis/sealer';

const env = {
  NETID_ISSUER: 'https://broker.netid.de/',
  NETID_CLIENT_ID: 'client',
  NETID_CLIENT_SECRET: 'secret',
  APP_URL: 'https://shop.example',
  SESSION_PASSWORD: 's'.repeat(32),
};

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
    expect(config.sessionStore).toBe(cookieSessionStore);
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
