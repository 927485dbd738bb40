import { parse, serialize } from 'cookie';

/** Attributes of a cookie the core writes (the subset every framework's cookie API understands). */
export interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
  path?: string;
  /** Seconds; 0 deletes the cookie. */
  maxAge?: number;
  expires?: Date;
}

/**
 * How the core reads and writes cookies, shaped like iron-session's `CookieStore` and Next.js's
 * `cookies()` (which satisfies it as it is). `set` throws where cookies cannot be written (a
 * Server Component, an Express response whose headers are sent): the core relies on that to refuse
 * a token refresh whose rotated cookie could not be stored.
 *
 * There is no `delete`: the core deletes by setting an empty value with `maxAge: 0` and the
 * cookie's own `Secure`/`Path`, which a `__Host-` cookie needs (a bare delete would not match it).
 *
 * @example
 * ```ts
 * import type { CookieStore } from 'netid-rp';
 * const jar = new Map<string, string>();
 * const store: CookieStore = {
 *   get: (name) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
 *   getAll: () => [...jar].map(([name, value]) => ({ name, value })),
 *   set: (name, value, options) => void (options.maxAge === 0 ? jar.delete(name) : jar.set(name, value)),
 * };
 * ```
 */
export interface CookieStore {
  get(name: string): { name: string; value: string } | undefined;
  getAll(): Array<{ name: string; value: string }>;
  set(name: string, value: string, options: CookieOptions): void;
}

/** A {@link CookieStore} over a Fetch `Request`, collecting what is written for the `Response`. */
export interface RequestCookieStore extends CookieStore {
  /** The Set-Cookie header values written so far, in order, one per cookie (the last write of a name wins). */
  setCookieHeaders(): string[];
  /** Appends every written cookie to `headers` (of a response the caller builds). */
  applyTo(headers: Headers): void;
}

/** Parses a Cookie header; garbage reads as no cookies. */
function parseCookieHeader(header: string | null): Record<string, string | undefined> {
  if (!header) return {};
  try {
    return parse(header);
  } catch {
    return {};
  }
}

/**
 * The cookie store of one Fetch request (route handlers, any Fetch server): reads the `Cookie`
 * header, and reads its own writes back, so a cookie rotated earlier in the request (a token
 * refresh) is what later reads see.
 */
export function requestCookies(request: Request | Headers | string | null): RequestCookieStore {
  const header = request === null || typeof request === 'string' ? request : (request instanceof Headers ? request : request.headers).get('cookie');
  let incoming: Record<string, string | undefined> | undefined;
  const read = () => (incoming ??= parseCookieHeader(header));
  const written = new Map<string, { value: string; options: CookieOptions }>();
  const gone = (name: string) => written.get(name)?.options.maxAge === 0;
  const store: RequestCookieStore = {
    get(name) {
      const w = written.get(name);
      if (w) return gone(name) ? undefined : { name, value: w.value };
      const value = read()[name];
      return value === undefined ? undefined : { name, value };
    },
    getAll() {
      const names = new Set([...Object.keys(read()), ...written.keys()]);
      return [...names].flatMap((name) => store.get(name) ?? []);
    },
    set(name, value, options) {
      written.delete(name);
      written.set(name, { value, options });
    },
    setCookieHeaders() {
      return [...written].map(([name, { value, options }]) => serialize(name, value, options));
    },
    applyTo(headers) {
      for (const c of store.setCookieHeaders()) headers.append('set-cookie', c);
    },
  };
  return store;
}

/** Where a server adapter's cookie store writes: the Set-Cookie lines of the response being built. */
export interface SetCookieTarget {
  /** The Set-Cookie lines the response carries so far (one line or none as Node's `getHeader` gives them). */
  lines(): readonly string[] | string | number | undefined;
  /** Replaces them all; throws when the response is already sent (the write is then refused). */
  replace(lines: string[]): void;
}

/**
 * The cookie store of a server adapter (Express, Fastify, Hono): reads the request's Cookie header
 * (and its own writes back), and keeps one Set-Cookie line per cookie name on the response (a
 * later write of a name replaces its earlier line; other lines stay). A write the target refuses
 * throws before anything is read back, so the core refuses a renewal it could not store.
 */
export function responseCookies(cookieHeader: string | null, target: SetCookieTarget): CookieStore {
  const inner = requestCookies(cookieHeader);
  return {
    get: (name) => inner.get(name),
    getAll: () => inner.getAll(),
    set(name, value, options) {
      const current = target.lines();
      const lines = Array.isArray(current) ? current : typeof current === 'string' ? [current] : [];
      target.replace([...lines.filter((line) => !line.startsWith(`${name}=`)), serialize(name, value, options)]);
      inner.set(name, value, options);
    },
  };
}
