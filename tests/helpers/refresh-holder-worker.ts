/**
 * A process that takes a refresh lock and dies holding it (the test SIGKILLs it): a Redis
 * refresh coordinator with `LOCK_TTL_MS`; on a line `go` on stdin it runs a refresh of
 * `REFRESH_KEY` that never finishes and prints `holding` once the refresh has started (the
 * coordinator calls the refresh only with the lock taken).
 */
import { createInterface } from 'node:readline';
import { createRedisClient, createRedisRefreshCoordinator } from '../../lib/redis';

const env = process.env;
const coordinator = createRedisRefreshCoordinator({
  redis: createRedisClient(env.REDIS_URL!, { log: () => {} }),
  secret: env.REFRESH_SECRET!,
  lockTtlMs: Number(env.LOCK_TTL_MS),
});

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'go') return;
  void coordinator
    .run(env.REFRESH_KEY!, () => {
      process.stdout.write('holding\n');
      return new Promise<object>(() => {});
    })
    .catch((err: unknown) => process.stdout.write(`failed ${String(err)}\n`));
});
process.stdout.write('ready\n');
