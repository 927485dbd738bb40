/**
 * The Redis of `REDIS_URL` answers a PING. The `/redis` entry is loaded only here, on first use,
 * so apps without Redis never load a Redis client; the connection is the one the session store
 * and the refresh coordinator of this process share.
 */
export async function checkRedis(url: string): Promise<void> {
  const { sharedRedisClient } = await import('../redis');
  const answer = await sharedRedisClient(url).ping();
  if (answer !== 'PONG') throw new Error('unexpected PING answer');
}
