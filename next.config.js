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
  serverExternalPackages: ['oidc-provider'],
  // `next build` type-checks only what ships (app/ and lib/); `npm test` checks the whole tree.
  typescript: { tsconfigPath: 'tsconfig.app.json' },
  // The dev request log prints full URLs: keep authorization codes and state out of it.
  logging: { incomingRequests: { ignore: [/^\/api\/auth\/callback/] } },
};

export default nextConfig;
