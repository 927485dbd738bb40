import { AuthError } from '../auth';

/**
 * Runs Redis commands; any failure (a timeout, a connection refused, a reply error) becomes the
 * `AuthError` `session_store_unavailable` (503), with the original as its cause. The client's
 * own command deadline bounds each call; `deadlineMs` bounds the whole sequence as well.
 */
export async function storeCall<T>(operation: () => Promise<T>, deadlineMs = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('redis deadline')), deadlineMs);
  });
  try {
    return await Promise.race([operation(), deadline]);
  } catch (err) {
    throw err instanceof AuthError ? err : new AuthError('session_store_unavailable', { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

/** Deletes `key` only while it still holds `token` (a lock released by its holder only). */
export const RELEASE_IF_HOLDER = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
