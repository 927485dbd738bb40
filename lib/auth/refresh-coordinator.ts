import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { RefreshCoordinator } from './types';

export type { RefreshCoordinator };

/** Options of {@link createMemoryRefreshCoordinator}. */
export interface MemoryRefreshCoordinatorOptions {
  /** How long a successful result is reused for the same key (ms). Default 30 000. */
  graceMs?: number;
  /** Most results kept. Default 10 000. */
  max?: number;
}

/** Keys are hashed so the maps never hold raw refresh tokens. */
function digest(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** The in-process {@link RefreshCoordinator}: single-flight plus a bounded, short-lived result cache. Failures are never cached. */
export function createMemoryRefreshCoordinator(options: MemoryRefreshCoordinatorOptions = {}): RefreshCoordinator {
  const inFlight = new Map<string, Promise<object>>();
  const recent = new LRUCache<string, object>({ max: options.max ?? 10_000, ttl: options.graceMs ?? 30_000 });
  return {
    run<T extends object>(key: string, refresh: () => Promise<T>): Promise<T> {
      const id = digest(key);
      const done = recent.get(id);
      if (done) return Promise.resolve(done as T);
      const pending = inFlight.get(id);
      if (pending) return pending as Promise<T>;
      const promise = refresh()
        .then((result) => {
          recent.set(id, result);
          return result;
        })
        .finally(() => inFlight.delete(id));
      inFlight.set(id, promise);
      return promise;
    },
  };
}
