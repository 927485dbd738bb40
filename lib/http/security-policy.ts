/**
 * The browser security policy of every page we serve, in one place: the Next.js proxy helper
 * (`lib/adapters/next`) and the Express adapter's helmet configuration both build it from here,
 * so the two never drift apart.
 */

/** Options of the policy. */
export interface SecurityPolicyOptions {
  /**
   * Origins besides our own that a form may submit to. Browsers also enforce `form-action` on the
   * redirect after a form POST, so the provider's end-session endpoint (reached by the 303 of
   * `POST /api/auth/logout` in the generic OIDC profile) must be listed here.
   */
  formActionOrigins?: readonly string[];
  /**
   * Development servers: adds `'unsafe-eval'` to `script-src` (React's dev tooling needs it) and
   * allows inline styles (Next.js's dev overlay); production never does either.
   */
  development?: boolean;
  /** Served over https: adds `upgrade-insecure-requests` (and `Strict-Transport-Security` to the headers). */
  https?: boolean;
  /** Extra sources per directive, e.g. `{ 'connect-src': ['https://api.example.com'] }`; never widens `script-src`. */
  extraSources?: Readonly<Partial<Record<Exclude<CspDirective, 'script-src'>, readonly string[]>>>;
}

/** The directives we set. */
export type CspDirective =
  | 'default-src'
  | 'script-src'
  | 'style-src'
  | 'img-src'
  | 'font-src'
  | 'connect-src'
  | 'object-src'
  | 'base-uri'
  | 'form-action'
  | 'frame-ancestors'
  | 'upgrade-insecure-requests';

/**
 * The policy's directives with `nonceSource` (a `'nonce-…'` source, or a helmet function that
 * yields one per response) in `script-src` and `style-src`. Scripts run only with the nonce or
 * when loaded by a nonced script (`'strict-dynamic'`); nothing may frame the page, change its
 * base URL or embed plugins.
 */
export function cspDirectives<N>(nonceSource: N, options: SecurityPolicyOptions = {}): Record<CspDirective, Array<string | N>> {
  const extra = (d: Exclude<CspDirective, 'script-src'>) => [...(options.extraSources?.[d] ?? [])];
  const origins = (options.formActionOrigins ?? []).map((o) => new URL(o).origin);
  return {
    'default-src': ["'self'", ...extra('default-src')],
    'script-src': [nonceSource, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])],
    // Next.js's dev overlay injects styles without a nonce (its docs' dev policy); with a nonce present
    // browsers would ignore 'unsafe-inline', so development drops the nonce here.
    'style-src': ["'self'", ...(options.development ? ["'unsafe-inline'"] : [nonceSource]), ...extra('style-src')],
    'img-src': ["'self'", 'data:', 'blob:', ...extra('img-src')],
    'font-src': ["'self'", ...extra('font-src')],
    'connect-src': ["'self'", ...extra('connect-src')],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'", ...new Set(origins), ...extra('form-action')],
    'frame-ancestors': ["'none'"],
    'upgrade-insecure-requests': [],
  };
}

/** The `Content-Security-Policy` header value for one response with `nonce`. */
export function contentSecurityPolicy(nonce: string, options: SecurityPolicyOptions = {}): string {
  const directives = cspDirectives(`'nonce-${nonce}'`, options);
  return (Object.entries(directives) as Array<[CspDirective, string[]]>)
    .filter(([name]) => name !== 'upgrade-insecure-requests' || options.https)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** A fresh, unguessable nonce (128 random bits, base64) for one response. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** HSTS max-age: two years, in seconds (helmet's option takes the number). */
export const STRICT_TRANSPORT_SECURITY_MAX_AGE = 63072000;

/** HSTS: two years, subdomains included; only ever sent over https. */
export const STRICT_TRANSPORT_SECURITY = `max-age=${STRICT_TRANSPORT_SECURITY_MAX_AGE}; includeSubDomains`;

/**
 * The headers that need no nonce, for every response (pages, API JSON, errors, static files):
 * no MIME sniffing, no full URL in the Referer of cross-origin requests (the callback's query
 * holds the code), our own browsing context group, and no framing for browsers without CSP 2.
 */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
});

/** Whether a request reached us over https (directly, or as a proxy in front of us says). */
export function isHttpsRequest(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return (forwarded ?? new URL(request.url).protocol.replace(/:$/, '')) === 'https';
}
