import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // oidc-provider and friends are only used by dev scripts and tests, never by the app bundle.
  serverExternalPackages: ['oidc-provider'],
};

export default nextConfig;
