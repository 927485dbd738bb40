import fastifyHelmet from '@fastify/helmet';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { createNonce, cspDirectives, STRICT_TRANSPORT_SECURITY_MAX_AGE, type SecurityPolicyOptions } from '../../http';

/** Options of {@link securityHeaders}. */
export interface FastifySecurityHeadersOptions extends Omit<SecurityPolicyOptions, 'formActionOrigins' | 'https'> {
  /** Origins besides ours that forms may submit to, or a function asked per response (e.g. `providerFormActionOrigins(auth)`). */
  formActionOrigins?: readonly string[] | (() => readonly string[]);
  /** Whether the app is served over https (HSTS, `upgrade-insecure-requests`). Default: `request.protocol` (mind `trustProxy`). */
  https?: boolean;
}

/** Options of `reply.helmet()` (helmet's, as @fastify/helmet bundles it). */
type HelmetOptions = NonNullable<Parameters<FastifyReply['helmet']>[0]>;

/** The helmet options of one response: our policy with its nonce, HSTS and `upgrade-insecure-requests` over https only. */
function helmetOptions(options: FastifySecurityHeadersOptions, nonce: string, https: boolean): HelmetOptions {
  const { formActionOrigins, ...policy } = options;
  const origins = typeof formActionOrigins === 'function' ? formActionOrigins() : formActionOrigins;
  const directives: Record<string, string[]> = cspDirectives(`'nonce-${nonce}'`, { ...policy, formActionOrigins: origins, https });
  if (!https) delete directives['upgrade-insecure-requests'];
  return {
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity: https ? { maxAge: STRICT_TRANSPORT_SECURITY_MAX_AGE, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  };
}

/**
 * A Fastify plugin: `@fastify/helmet` configured to the same policy as the Express adapter and
 * the Next.js proxy helper (a nonce CSP with `'strict-dynamic'`, `frame-ancestors 'none'`,
 * `base-uri 'none'`, `object-src 'none'`, a `form-action` that lets sign-out reach the provider;
 * nosniff, Referrer-Policy `strict-origin-when-cross-origin`, COOP `same-origin`,
 * `X-Frame-Options: DENY`, HSTS over https only) on every reply of the app that registers it.
 * Each reply gets a fresh nonce in `reply.cspNonce.script` (the same value as `.style`): put it on
 * your inline `<script nonce>` tags. Register it before your routes.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { createNetIdAuth, providerFormActionOrigins } from 'netid-rp';
 * import { securityHeaders } from 'netid-rp/fastify';
 * const auth = createNetIdAuth();
 * const app = Fastify();
 * await app.register(securityHeaders({ formActionOrigins: providerFormActionOrigins(auth) }));
 * app.get('/', (_request, reply) => reply.type('text/html').send(`<script nonce="${reply.cspNonce.script}">console.log('ok')</script>`));
 * ```
 */
export function securityHeaders(options: FastifySecurityHeadersOptions = {}): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (app) => {
    // `global: false`: the plugin applies nothing by itself; the hook below applies it per reply
    // through its `reply.helmet()`, with this reply's nonce and scheme.
    await app.register(fastifyHelmet, { global: false });
    app.addHook('onRequest', async (request, reply) => {
      const nonce = createNonce();
      reply.cspNonce = { script: nonce, style: nonce };
      reply.helmet(helmetOptions(options, nonce, options.https ?? request.protocol === 'https'));
    });
  };
  // Not encapsulated (what fastify-plugin does): the hook covers every route of the registering app.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}
