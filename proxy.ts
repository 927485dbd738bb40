/**
 * The reference app's proxy: every page gets a fresh nonce Content-Security-Policy and the secure
 * headers (lib/adapters/next `securityHeaders`), exactly what a partner puts in their own
 * proxy.ts. `form-action` lets sign-out reach the provider's end-session endpoint (generic OIDC).
 * The pages that read the session are read here first when sessions live in Redis
 * (`createAuthProxy`): a Redis outage then shows a 503 page instead of failing their render.
 * The session read the client hooks poll (`GET /api/auth/session`) is answered here too
 * (`serveSession`), before any page work: Next serves a proxy's answer without the app-route
 * machinery, so the read costs about a fifth less (docs/session-read.md). It is the only API path
 * in the matcher; the route handler stays for what the proxy does not see.
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
  serveSession: true,
});

export async function proxy(request: NextRequest) {
  // The session read: JSON, no nonce and no page headers to compute (next.config.js sets the static ones).
  if (request.nextUrl.pathname.startsWith('/api/')) return (await sessionPages(request)) ?? NextResponse.next();
  const security = headersFor(request);
  const decided = await sessionPages(request, { nonce: security.nonce });
  return security.apply(decided ?? NextResponse.next({ request: { headers: security.requestHeaders } }));
}

export const config = {
  matcher: [
    '/api/auth/session',
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
