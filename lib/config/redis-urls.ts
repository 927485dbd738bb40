/**
 * The node URLs of a `REDIS_URL` value: one URL (a single Redis or a managed endpoint), or a
 * comma-separated list of Redis Cluster nodes. Blanks around the commas and empty items are dropped.
 * A value whose pieces are not all URLs stays one URL (a comma in a password, as before).
 *
 * @example
 * ```ts
 * redisNodeUrls('redis://127.0.0.1:7000, redis://127.0.0.1:7001'); // ['redis://127.0.0.1:7000', 'redis://127.0.0.1:7001']
 * ```
 */
export function redisNodeUrls(value: string): string[] {
  const items = value
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  return items.length > 1 && !items.every((url) => URL.canParse(url)) ? [value.trim()] : items;
}
