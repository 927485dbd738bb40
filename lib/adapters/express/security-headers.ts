import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { ServerResponse } from 'node:http';
import { createNonce, cspDirectives, STRICT_TRANSPORT_SECURITY_MAX_AGE as HSTS_MAX_AGE, type SecurityPolicyOptions } from '../../http';

/** Options of {@link securityHeaders}. */
export interface ExpressSecurityHeadersOptions extends Omit<SecurityPolicyOptions, 'formActionOrigins' | 'https'> {
  /** Origins besides ours that forms may submit to, or a function asked per response (e.g. `providerFormActionOrigins(auth)`). */
  formActionOrigins?: readonly string[] | (() => readonly string[]);
  /** Whether the app is served over https (HSTS, `upgrade-insecure-requests`). Default: `req.secure` (mind `trust proxy`). */
  https?: boolean;
}

/** The response's nonce, as set by {@link securityHeaders}. */
function nonceOf(res: ServerResponse): string {
  return (res as Response).locals.cspNonce as string;
}

function helmetFor(options: ExpressSecurityHeadersOptions, https: boolean): RequestHandler {
  const { formActionOrigins, ...policy } = options;
  const perResponse = typeof formActionOrigins === 'function' ? formActionOrigins : undefined;
  const directives: Record<string, Array<string | ((req: unknown, res: ServerResponse) => string)>> = cspDirectives(
    (_req: unknown, res: ServerResponse) => `'nonce-${nonceOf(res)}'`,
    { ...policy, formActionOrigins: perResponse ? undefined : (formActionOrigins as readonly string[] | undefined), https },
  );
  // Per response: the provider's origin may only be known once the configuration is read.
  if (perResponse) directives['form-action']!.push(() => [...new Set(perResponse().map((o) => new URL(o).origin))].join(' '));
  if (!https) delete directives['upgrade-insecure-requests'];
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity: https ? { maxAge: HSTS_MAX_AGE, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  }) as RequestHandler;
}

/**
 * Express middleware: helmet configured to the same policy as the Next.js proxy helper (a nonce
 * CSP with `'strict-dynamic'`, `frame-ancestors 'none'`, `base-uri 'none'`, `object-src 'none'`,
 * a `form-action` that lets sign-out reach the provider; nosniff, Referrer-Policy
 * `strict-origin-when-cross-origin`, COOP `same-origin`, `X-Frame-Options: DENY`, HSTS over
 * https only). Each response gets a fresh nonce in `res.locals.cspNonce`: put it on your inline
 * `<script nonce>` tags. Mount it before everything else.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createNetIdAuth, providerFormActionOrigins } from 'netid-rp';
 * import { securityHeaders } from 'netid-rp/express';
 * const auth = createNetIdAuth();
 * const app = express();
 * app.use(securityHeaders({ formActionOrigins: providerFormActionOrigins(auth) }));
 * app.get('/', (_req, res) => void res.send(`<script nonce="${res.locals.cspNonce}">console.log('ok')</script>`));
 * ```
 */
export function securityHeaders(options: ExpressSecurityHeadersOptions = {}): RequestHandler {
  const plain = helmetFor(options, false);
  const secure = helmetFor(options, true);
  return (req, res, next) => {
    res.locals.cspNonce = createNonce();
    ((options.https ?? req.secure) ? secure : plain)(req, res, next);
  };
}
