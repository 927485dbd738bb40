/**
 * The JSON of `GET /api/auth/session` memoised per session object, for the objects a store keeps
 * and hands out again (issue 26). A store marks such an object with {@link reusedSession} when it
 * caches it (the cookie store when its admission filter takes a value in, the Redis store per
 * cached read); every other object is answered without a memo. A memo per object read once (a
 * session the cache did not take in: at 20,000 round-robin users, every read) would only be
 * garbage, and a weak one costs the collector most: in-process, 20,000 distinct cookies through
 * `auth.session`, a read took 65.9 µs with a `WeakMap` entry per read and 62.3 µs without.
 *
 * @module
 */
import type { SessionData } from './types';

/** Memo slots of the marked objects: empty (`until` 0) until the first answer fills them. */
const bodies = new WeakMap<SessionData, { text: string; until: number }>();

/** Marks `session` as an object its store will hand out again, so its answer's JSON is kept. */
export function reusedSession(session: SessionData): void {
  if (!bodies.has(session)) bodies.set(session, { text: '', until: 0 });
}

/**
 * `render(session, now)` as JSON, reused for a marked object until `permissionToken.expiresAt`
 * (the one part of the answer that changes with time: `expired` flips then).
 */
export function memoisedBody(session: SessionData, render: (session: SessionData, now: number) => unknown): string {
  const now = Date.now();
  const memo = bodies.get(session);
  if (memo && now < memo.until) return memo.text;
  const text = JSON.stringify(render(session, now));
  if (memo) {
    const expiresAt = (session.permissionToken?.expiresAt ?? 0) * 1000;
    memo.text = text;
    memo.until = expiresAt > now ? expiresAt : Infinity;
  }
  return text;
}
