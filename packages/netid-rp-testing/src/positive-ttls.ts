/** Returns `ttls` after checking that every lifetime is a positive whole number of seconds. */
export function positiveTtls<T extends Record<string, number>>(server: string, ttls: T): T {
  for (const [name, value] of Object.entries(ttls)) {
    if (!Number.isSafeInteger(value) || value <= 0) throw new TypeError(`${server}: ${name} TTL must be a positive integer`);
  }
  return ttls;
}
