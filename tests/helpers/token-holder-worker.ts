/**
 * A process that takes the M2M token lock and dies holding it (the test SIGKILLs it): a token
 * source on the Redis token cache with `LOCK_TTL_MS`; on a line `go` on stdin it calls
 * getToken() and prints `holding` when the token request goes out (the cache requests only with
 * the lock taken). The test's token server holds that request unanswered.
 */
import { createInterface } from 'node:readline';
import { createTokenSource } from '../../lib/m2m';
import { createRedisClient, createRedisTokenCache } from '../../lib/redis';

const env = process.env;
const cache = createRedisTokenCache({
  redis: createRedisClient(env.REDIS_URL!, { log: () => {} }),
  secret: env.M2M_CACHE_SECRET!,
  lockTtlMs: Number(env.LOCK_TTL_MS),
  log: () => {},
});
const tokenUrl = env.M2M_TOKEN_URL!;
const source = createTokenSource(
  { tokenUrl, clientId: env.M2M_CLIENT_ID!, clientSecret: env.M2M_CLIENT_SECRET!, auth: 'client_secret_post', scope: 'api1', timeoutMs: 120_000 },
  {
    cache,
    fetch: (input, init) => {
      process.stdout.write('holding\n');
      return fetch(input, init);
    },
  },
);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'go') return;
  void source.getToken().catch((err: unknown) => process.stdout.write(`failed ${String(err)}\n`));
});
process.stdout.write('ready\n');
