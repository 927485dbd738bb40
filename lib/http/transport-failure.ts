/**
 * The one detector of failures on the wire, for every outbound call of lib/ (broker, token
 * server, Permission Center, upstream API). It reads structure only, never message text.
 *
 * @module
 */

/** What went wrong on the wire: no answer in time, or no (usable) connection at all. */
export type TransportFailure = 'timeout' | 'unreachable';

/** Library codes meaning "no answer in time": openid-client's wrapper of a TimeoutError, undici's own timers. */
const TIMEOUT_CODES = new Set(['OAUTH_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Codes meaning "no connection": Node's socket and DNS errors, undici's socket errors (the
 * `cause` of fetch's `TypeError`), and TLS failures (no trusted connection could be made).
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'EPIPE',
  'EPROTO',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Socket and DNS calls of Node: a system error of one of these (any code) is a failed connection. */
const NETWORK_SYSCALLS = new Set(['connect', 'getaddrinfo', 'getnameinfo', 'read', 'write', 'writev', 'shutdown']);

/** How deep the cause chain is followed (it may be cyclic). */
const MAX_DEPTH = 8;

interface Coded {
  name?: unknown;
  code?: unknown;
  syscall?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** `err`, its causes, and the members of any AggregateError among them (Node's happy eyeballs), bounded. */
function chain(err: unknown): Coded[] {
  const seen: Coded[] = [];
  const queue: Array<{ value: unknown; depth: number }> = [{ value: err, depth: 0 }];
  while (queue.length > 0 && seen.length < MAX_DEPTH * 2) {
    const { value, depth } = queue.shift()!;
    if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH || seen.includes(value as Coded)) continue;
    const item = value as Coded;
    seen.push(item);
    queue.push({ value: item.cause, depth: depth + 1 });
    if (value instanceof AggregateError) for (const member of value.errors.slice(0, 4)) queue.push({ value: member, depth: depth + 1 });
  }
  return seen;
}

function isTimeout(item: Coded): boolean {
  // AbortSignal.timeout() rejects fetch with a DOMException named TimeoutError.
  if (item instanceof Error && item.name === 'TimeoutError') return true;
  return typeof item.code === 'string' && TIMEOUT_CODES.has(item.code);
}

/**
 * fetch's "network error" (Fetch standard): undici rejects with a `TypeError` of no `code` whose
 * `cause` is the failure beneath, an Error that is not itself a TypeError. Some of those causes
 * carry no code (a blocked port, an unknown scheme). A URL that does not parse is a TypeError
 * caused by a TypeError (`ERR_INVALID_URL`); a bad header or a GET body is one with no cause.
 */
function isFetchNetworkError(item: Coded): boolean {
  const { code, cause } = item;
  return item instanceof TypeError && code === undefined && cause instanceof Error && !(cause instanceof TypeError);
}

function isUnreachable(item: Coded): boolean {
  if (isFetchNetworkError(item)) return true;
  if (typeof item.code !== 'string') return false;
  if (UNREACHABLE_CODES.has(item.code)) return true;
  // Any other Node system error of a socket or DNS call.
  return typeof item.syscall === 'string' && (NETWORK_SYSCALLS.has(item.syscall) || item.syscall.startsWith('query'));
}

/**
 * `'timeout'` when the failure is a deadline (an `AbortSignal.timeout()` firing, openid-client's
 * `OAUTH_TIMEOUT`, undici's header or body timeout), `'unreachable'` when no connection could be
 * used (refused, DNS, reset, dropped, TLS, a port fetch blocks: fetch's network error),
 * `undefined` for anything else (an answer that was received, a caller's abort, a bad URL, a
 * bug). Follows `cause` (and AggregateError members), bounded.
 *
 * @example
 * ```ts
 * try {
 *   await fetch('https://api.example.com/', { signal: AbortSignal.timeout(5000) });
 * } catch (err) {
 *   if (transportFailure(err) === 'timeout') console.warn('slow upstream');
 * }
 * ```
 */
export function transportFailure(err: unknown): TransportFailure | undefined {
  const items = chain(err);
  if (items.some(isTimeout)) return 'timeout';
  if (items.some(isUnreachable)) return 'unreachable';
  return undefined;
}
