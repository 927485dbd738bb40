import type { AuthConfig } from './types';
import type { CookieOptions, CookieStore } from './cookie-store';
import { deleteCookie } from './cookies';
import { AuthError } from './errors';

/**
 * Largest value per cookie. Browsers keep name + value up to 4096 bytes (RFC 6265 §6.1's
 * minimum, Chromium's limit); this leaves room for the longest name (`__Host-netid_session.3`).
 */
export const CHUNK_SIZE = 4000;
/**
 * Most chunks a value may take. Every request carries them all in its Cookie header, and Node's
 * default header limit is 16 KB for the whole request head: 3 full chunks (about 12 KB) still
 * leave room for the sign-in attempts and everything else a browser sends.
 */
export const MAX_CHUNKS = 3;
/** Largest value {@link readChunkedCookie} returns; anything bigger reads as absent. */
export const MAX_CHUNKED_VALUE = CHUNK_SIZE * MAX_CHUNKS;

const chunkName = (name: string, index: number) => `${name}.${index}`;

/** Names of the chunks `name.0`, `name.1`, … present in the store, by index. */
function chunkIndexes(store: CookieStore, name: string): number[] {
  const prefix = `${name}.`;
  return store
    .getAll()
    .filter((c) => c.name.startsWith(prefix) && /^\d{1,2}$/.test(c.name.slice(prefix.length)))
    .map((c) => Number(c.name.slice(prefix.length)));
}

/**
 * Reads a cookie written by {@link writeChunkedCookie}: `name` as it is when it fit in one
 * cookie, else `name.0`, `name.1`, … joined. A gap, or more than {@link MAX_CHUNKS} chunks,
 * reads as absent (a half-written or foreign value never unseals anyway).
 */
export function readChunkedCookie(store: CookieStore, name: string): string | undefined {
  const first = store.get(chunkName(name, 0))?.value;
  if (first === undefined) return store.get(name)?.value;
  const parts = [first];
  for (let i = 1; i <= MAX_CHUNKS; i++) {
    const part = store.get(chunkName(name, i))?.value;
    if (part === undefined) break;
    parts.push(part);
  }
  return parts.length > MAX_CHUNKS ? undefined : parts.join('');
}

/**
 * Writes `value` as one cookie `name` when it fits, else split across `name.0`, `name.1`, …
 * (as nextjs-auth0 and Auth.js do), and deletes whatever the previous write left over: the other
 * form, and chunks past the new count. Throws the AuthError `session_too_large` before writing
 * anything when the value needs more than {@link MAX_CHUNKS} chunks.
 */
export function writeChunkedCookie(store: CookieStore, name: string, value: string, options: CookieOptions, config: AuthConfig): void {
  const count = Math.ceil(value.length / CHUNK_SIZE);
  if (count > MAX_CHUNKS) throw new AuthError('session_too_large', { provider: config.profile.name });
  const stale = chunkIndexes(store, name);
  if (count <= 1) {
    store.set(name, value, options);
    for (const i of stale) deleteCookie(store, chunkName(name, i), config);
    return;
  }
  for (let i = 0; i < count; i++) store.set(chunkName(name, i), value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), options);
  for (const i of stale) if (i >= count) deleteCookie(store, chunkName(name, i), config);
  if (store.get(name) !== undefined) deleteCookie(store, name, config);
}

/** Deletes `name` and all its chunks. */
export function deleteChunkedCookie(store: CookieStore, name: string, config: AuthConfig): void {
  for (const i of chunkIndexes(store, name)) deleteCookie(store, chunkName(name, i), config);
  deleteCookie(store, name, config);
}
