import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders as honoSecureHeaders } from 'hono/secure-headers';
import { cspDirectives, isHttpsRequest, STRICT_TRANSPORT_SECURITY, type CspDirective, type SecurityPolicyOptions } from '../../http';

/** Options of {@link securityHeaders}. */
export interface HonoSecurityHeadersOptions extends Omit<SecurityPolicyOptions, 'formActionOrigins' | 'https'> {
  /** Origins besides ours that forms may submit to, or a function asked per response (e.g. `providerFormActionOrigins(auth)`). */
  formActionOrigins?: readonly string[] | (() => readonly string[]);
  /** Whether the app is served over https (HSTS, `upgrade-insecure-requests`). Default: decided per request (the URL, or `X-Forwarded-Proto`). */
  https?: boolean;
}

type HonoCsp = NonNullable<NonNullable<Parameters<typeof honoSecureHeaders>[0]>['contentSecurityPolicy']>;
type HonoSource = NonNullable<HonoCsp['scriptSrc']>[number];

/** `form-action` → `formAction`: Hono names directives in camelCase. */
const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

function secureHeadersFor(options: HonoSecurityHeadersOptions, https: boolean): MiddlewareHandler {
  const { formActionOrigins, ...policy } = options;
  const perResponse = typeof formActionOrigins === 'function' ? formActionOrigins : undefined;
  const directives = cspDirectives<HonoSource>(NONCE, { ...policy, formActionOrigins: perResponse ? undefined : (formActionOrigins as readonly string[] | undefined), https });
  // Per response: the provider's origin may only be known once the configuration is read.
  if (perResponse) directives['form-action'].push(() => [...new Set(perResponse().map((o) => new URL(o).origin))].join(' '));
  const csp: Record<string, HonoSource[]> = {};
  for (const [name, sources] of Object.entries(directives) as Array<[CspDirective, HonoSource[]]>) {
    if (name !== 'upgrade-insecure-requests' || https) csp[camel(name)] = sources;
  }
  return honoSecureHeaders({
    contentSecurityPolicy: csp as HonoCsp,
    strictTransportSecurity: https ? STRICT_TRANSPORT_SECURITY : false,
    referrerPolicy: 'strict-origin-when-cross-origin',
    crossOriginOpenerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
  });
}

/**
 * Hono middleware: Hono's own `secureHeaders` configured to the same policy as the Express and
 * Fastify adapters and the Next.js proxy helper (a nonce CSP with `'strict-dynamic'`,
 * `frame-ancestors 'none'`, `base-uri 'none'`, `object-src 'none'`, a `form-action` that lets
 * sign-out reach the provider; nosniff, Referrer-Policy `strict-origin-when-cross-origin`, COOP
 * `same-origin`, `X-Frame-Options: DENY`, HSTS over https only). Each response gets a fresh nonce
 * in `c.get('secureHeadersNonce')`: put it on your inline `<script nonce>` tags. Use it before
 * everything else.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import type { SecureHeadersVariables } from 'hono/secure-headers';
 * import { createNetIdAuth, providerFormActionOrigins } from 'netid-rp';
 * import { securityHeaders } from 'netid-rp/hono';
 * const auth = createNetIdAuth();
 * const app = new Hono<{ Variables: SecureHeadersVariables }>();
 * app.use(securityHeaders({ formActionOrigins: providerFormActionOrigins(auth) }));
 * app.get('/', (c) => c.html(`<script nonce="${c.get('secureHeadersNonce')}">console.log('ok')</script>`));
 * ```
 */
export function securityHeaders(options: HonoSecurityHeadersOptions = {}): MiddlewareHandler {
  const plain = secureHeadersFor(options, false);
  const secure = secureHeadersFor(options, true);
  return (c, next) => ((options.https ?? isHttpsRequest(c.req.raw)) ? secure : plain)(c, next);
}
