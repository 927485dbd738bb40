/**
 * Which unsealed sessions the cookie store's cache takes in (issue 26): a sealed value is cached
 * from its second read, or from its first when this instance sealed it, never on a one-off read.
 *
 * Why: an LRU that admits every miss churns when more distinct sessions are read than it holds
 * (round-robin over many users is its worst case: no hit at any size below the user count). Each
 * admitted entry (≈ 2.5 KB: the cookie string as the key, the parsed session) is promoted to V8's
 * old generation and evicted before it is read again, and the collector's work on that garbage is
 * paid by every request of the process. Measured under `next start` at 20,000 round-robin users
 * (docs/session-read.md): a bare route served between those reads cost 882 µs of CPU per request
 * with admit-every-miss and 764 without caching misses at all.
 *
 * The filter is the "doorkeeper" of W-TinyLFU (Caffeine) without its frequency sketch: a
 * two-way set-associative table of 32-bit tags (each set keeps its two most recent values), one
 * `Int32Array`, nothing allocated per read. A value's tag hashes its last 32 characters: an Iron
 * seal ends with its HMAC, so those are as distinct as the seals. Values crowding one set only
 * delay each other's admission; two sharing a tag only admit early. Neither can serve a wrong
 * session: the cache is still keyed by the whole value, and only a value that unsealed is ever
 * marked. Written by hand: no maintained package offers a dependency-free admission filter this
 * small.
 *
 * @module
 */

/** Slots of the filter: a power of two near the cache's bound, so its memory of recent misses spans about as many reads as the cache holds. */
export const ADMISSION_SLOTS = 8192;

/** What the cookie store asks before caching an unsealed value. */
export interface SessionAdmission {
  /** Whether `value` (a value that just unsealed) was seen or sealed recently; if not, remembers it and answers `false`. */
  admit(value: string): boolean;
  /** Remembers `value` (a value this instance just sealed), so its first read is cached. */
  remember(value: string): void;
}

/** A 32-bit tag of the value's last 32 characters (FNV-1a), never 0 (the empty slot). */
function tagOf(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = Math.max(0, value.length - 32); i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  return hash | 1;
}

/** A filter of `slots` slots (a power of two): `slots / 2` sets of two. */
export function createSessionAdmission(slots = ADMISSION_SLOTS): SessionAdmission {
  if (slots < 2 || !Number.isInteger(Math.log2(slots))) throw new RangeError('slots must be a power of two');
  const tags = new Int32Array(slots);
  const setMask = slots / 2 - 1;
  /** Whether `tag` is in its set; puts it first either way (the set's older value drops out). */
  const touch = (tag: number): boolean => {
    const first = ((tag >>> 1) & setMask) * 2;
    if (tags[first] === tag) return true;
    const seen = tags[first + 1] === tag;
    tags[first + 1] = tags[first]!;
    tags[first] = tag;
    return seen;
  };
  return {
    admit: (value) => touch(tagOf(value)),
    remember: (value) => void touch(tagOf(value)),
  };
}
