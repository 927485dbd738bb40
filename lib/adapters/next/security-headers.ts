import { NextResponse } from 'next/server.js';
import {
  contentSecurityPolicy,
  createNonce,
  isHttpsRequest,
  STATIC_SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
  type SecurityPolicyOptions,
} from '../../http';

/** Options of {@link securityHeaders}. */
export interface SecurityHeadersOptions extends Omit<SecurityPolicyOptions, 'formActionOrigins' | 'development' | 'https'> {
  /**
   * Origins besides ours that forms may submit to, or a function asked on every request (for
   * example `providerFormActionOrigins(auth)` of `lib/auth`, which reads the app's auth configuration).
   */
  formActionOrigins?: readonly string[] | (() => readonly string[]);
  /** Adds `'unsafe-eval'` for React's dev tooling. Default: `process.env.NODE_ENV === 'development'`. */
  development?: boolean;
  /** Whether the app is served over https (HSTS, `upgrade-insecure-requests`). Default: decided per request. */
  https?: boolean;
}

/** The security headers of one request, made by {@link securityHeaders}. */
export interface RequestSecurityHeaders {
  /** This request's nonce (also in the `x-nonce` request header, for Server Components that render a `<Script>`). */
  nonce: string;
  /** The `Content-Security-Policy` value. */
  policy: string;
  /**
   * The request headers to render with: `NextResponse.next({ request: { headers: requestHeaders } })`.
   * Next.js reads the nonce from the policy in them and puts it on its own scripts.
   */
  requestHeaders: Headers;
  /** Sets the policy and the static headers (HSTS over https) on `response` and returns it (a copy when its headers are immutable). */
  apply(response: Response): Response;
}

function setAll(headers: Headers, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) headers.set(name, value);
}

/**
 * The per-request nonce Content-Security-Policy and secure headers for a Next.js `proxy.ts`,
 * as Next 16 documents it: a fresh nonce per request, the policy on the request (so Next.js
 * nonces its own scripts while rendering) and on the response. Composable: call it first, let
 * other proxy steps decide, and `apply()` whatever response they return.
 *
 * Pages must be dynamically rendered (a prerendered page has no nonce and its scripts are refused).
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { NextResponse, type NextRequest } from 'next/server';
 * import { securityHeaders } from 'netid-rp/next';
 *
 * const headersFor = securityHeaders({ formActionOrigins: ['https://id.example.com'] });
 *
 * export function proxy(request: NextRequest) {
 *   const security = headersFor(request);
 *   if (request.nextUrl.pathname === '/old') return security.apply(NextResponse.redirect(new URL('/', request.url)));
 *   return security.apply(NextResponse.next({ request: { headers: security.requestHeaders } }));
 * }
 * ```
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): (request: Request) => RequestSecurityHeaders {
  const development = options.development ?? process.env.NODE_ENV === 'development';
  return (request) => {
    const https = options.https ?? isHttpsRequest(request);
    const formActionOrigins = typeof options.formActionOrigins === 'function' ? options.formActionOrigins() : options.formActionOrigins;
    const nonce = createNonce();
    const policy = contentSecurityPolicy(nonce, { ...options, formActionOrigins, development, https });
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('content-security-policy', policy);
    const responseHeaders: Record<string, string> = { ...STATIC_SECURITY_HEADERS, 'content-security-policy': policy };
    if (https) responseHeaders['strict-transport-security'] = STRICT_TRANSPORT_SECURITY;
    return {
      nonce,
      policy,
      requestHeaders,
      apply(response) {
        try {
          setAll(response.headers, responseHeaders);
          return response;
        } catch {
          // Response.redirect() and fetch() answers have immutable headers: answer a copy.
          const copy = new Response(response.body, response);
          setAll(copy.headers, responseHeaders);
          return copy;
        }
      },
    };
  };
}

/**
 * A whole `proxy` function that only sets the security headers (use {@link securityHeaders}
 * to combine them with other proxy steps).
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { securityHeadersProxy } from 'netid-rp/next';
 * export const proxy = securityHeadersProxy();
 * ```
 */
export function securityHeadersProxy(options: SecurityHeadersOptions = {}): (request: Request) => Response {
  const headersFor = securityHeaders(options);
  return (request) => {
    const security = headersFor(request);
    return security.apply(NextResponse.next({ request: { headers: security.requestHeaders } }));
  };
}
