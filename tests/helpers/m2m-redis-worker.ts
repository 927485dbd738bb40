/**
 * A separate process for the shared-M2M-cache test: a token source with the Redis cache; on a
 * line `go` on stdin it makes `COUNT` concurrent getToken() calls and prints one JSON line
 * `{ tokens: [distinct access token digests], failures }`, then waits for the next `go` or EOF.
 */
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createTokenSource } from '../../lib/m2m';
import { closeSharedRedisClients, createRedisTokenCache, sharedRedisClient } from '../../lib/redis';

const env = process.env;
const cache = createRedisTokenCache({ redis: sharedRedisClient(env.REDIS_URL!), secret: env.M2M_CACHE_SECRET!, log: () => {} });
const source = createTokenSource(
  { issuer: env.M2M_ISSUER!, clientId: env.M2M_CLIENT_ID!, clientSecret: env.M2M_CLIENT_SECRET!, auth: 'client_secret_post', scope: 'api1', timeoutMs: 5000 },
  { cache },
);
const count = Number(env.COUNT ?? 500);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'go') return;
  void Promise.allSettled(Array.from({ length: count }, () => source.getToken())).then((results) => {
    const tokens = new Set<string>();
    let failures = 0;
    for (const r of results) {
      if (r.status === 'fulfilled') tokens.add(createHash('sha256').update(r.value.accessToken).digest('hex'));
      else failures += 1;
    }
    process.stdout.write(`${JSON.stringify({ tokens: [...tokens], failures })}\n`);
  });
});
lines.on('close', () => void closeSharedRedisClients().then(() => process.exit(0)));
process.stdout.write('ready\n');
