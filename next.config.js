// @ts-check
/**
 * The reference app's Next.js configuration (plain JavaScript, typed through JSDoc).
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // oidc-provider and friends are only used by dev scripts and tests, never by the app bundle.
  serverExternalPackages: ['oidc-provider', '@opentelemetry/sdk-node'],
  // The reference CMP (app/_cmp): @iabtcf/cmpapi's ESM build has an import cycle that Turbopack's scope
  // hoisting evaluates out of order ("Cannot access … before initialization"); its CommonJS build has none.
  turbopack: { resolveAlias: { '@iabtcf/cmpapi': './node_modules/@iabtcf/cmpapi/lib/cjs/index.js' } },
  // `next build` type-checks only what ships (app/ and lib/); `npm test` checks the whole tree.
  typescript: { tsconfigPath: 'tsconfig.app.json' },
  // The dev request log prints full URLs: keep authorization codes and state out of it.
  logging: { incomingRequests: { ignore: [/^\/api\/auth\/callback/] } },
  // The headers that need no nonce, on every response (API JSON, errors, static files): the same as
  // STATIC_SECURITY_HEADERS in lib/http/security-policy.ts. proxy.ts adds the nonce CSP (and HSTS over https) to pages.
  // One rule, matched on every request: '/(.*)' has no named parameter, so Next.js neither splits and
  // decodes the path into one (as for '/:path*') nor compiles the values against it (docs/session-read.md).
  async headers() {
    return [
      {
        source: '/(.*)',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
