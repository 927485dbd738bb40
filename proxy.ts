/**
 * The reference app's proxy: every page gets a fresh nonce Content-Security-Policy and the secure
 * headers (lib/adapters/next `securityHeaders`), exactly what a partner puts in their own
 * proxy.ts. `form-action` lets sign-out reach the provider's end-session endpoint (generic OIDC).
 * The pages that read the session are read here first when sessions live in Redis
 * (`createAuthProxy`): a Redis outage then shows a 503 page instead of failing their render.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { createAuthProxy, securityHeaders } from 'netid-rp/next';
import { providerFormActionOrigins } from 'netid-rp';
import { auth } from '@/app/_lib/auth';
import { unavailablePage } from '@/app/_ui/unavailable-page';

const headersFor = securityHeaders({ formActionOrigins: providerFormActionOrigins(auth) });
const sessionPages = createAuthProxy(auth, {
  protect: [],
  readSession: [(path) => path === '/', '/account', '/consent'],
  unavailable: (request, { nonce }) => unavailablePage(request, nonce),
});

export async function proxy(request: NextRequest) {
  const security = headersFor(request);
  const decided = await sessionPages(request, { nonce: security.nonce });
  return security.apply(decided ?? NextResponse.next({ request: { headers: security.requestHeaders } }));
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
