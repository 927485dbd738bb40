/**
 * The reference app's proxy: every page gets a fresh nonce Content-Security-Policy and the secure
 * headers (lib/adapters/next `createSecurityHeaders`), exactly what a partner puts in their own
 * proxy.ts. `form-action` lets sign-out reach the provider's end-session endpoint (generic OIDC).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { createSecurityHeaders } from 'netid-rp/next';
import { providerFormActionOrigins } from 'netid-rp';
import { auth } from '@/app/_lib/auth';

const securityHeaders = createSecurityHeaders({ formActionOrigins: providerFormActionOrigins(auth) });

export function proxy(request: NextRequest) {
  const security = securityHeaders(request);
  return security.apply(NextResponse.next({ request: { headers: security.requestHeaders } }));
}

export const config = {
  matcher: [
    {
      // Pages only: API answers carry their own headers, static files need no nonce (next.config.js headers cover them).
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
