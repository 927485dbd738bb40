/** The one security policy, as the Next.js proxy helper and the Express middleware send it. */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { securityHeaders as nextSecurityHeaders, securityHeadersProxy } from '@/lib/adapters/next';
import { securityHeaders } from '@/lib/adapters/express';
import { contentSecurityPolicy } from '@/lib/http';

const parse = (policy: string) => new Map(policy.split(/;\s*/).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('is a strict nonce policy: no unsafe-inline, no unsafe-eval, nothing may frame or rebase the page', () => {
    const d = parse(contentSecurityPolicy('abc123'));
    expect(d.get('script-src')).toEqual(["'nonce-abc123'", "'strict-dynamic'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    expect(d.has('upgrade-insecure-requests')).toBe(false);
  });

  it("adds 'unsafe-eval' only in development, the provider to form-action, upgrade-insecure-requests over https", () => {
    const d = parse(contentSecurityPolicy('n', { development: true, https: true, formActionOrigins: ['https://id.example.com/connect/endsession', 'https://id.example.com'] }));
    expect(d.get('script-src')).toContain("'unsafe-eval'");
    expect(d.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]); // Next's dev overlay
    expect(parse(contentSecurityPolicy('n')).get('style-src')).toEqual(["'self'", "'nonce-n'"]);
    expect(d.get('form-action')).toEqual(["'self'", 'https://id.example.com']);
    expect(d.has('upgrade-insecure-requests')).toBe(true);
  });
});

describe('Next.js proxy helper', () => {
  it('puts a fresh nonce policy on the request (for rendering) and the response, HSTS only over https', () => {
    const make = nextSecurityHeaders({ development: false, formActionOrigins: () => ['http://127.0.0.1:4000'] });
    const a = make(new Request('http://127.0.0.1:3000/consent'));
    const b = make(new Request('http://127.0.0.1:3000/consent'));
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.requestHeaders.get('content-security-policy')).toBe(a.policy);
    expect(a.requestHeaders.get('x-nonce')).toBe(a.nonce);
    expect(a.policy).toContain(`'nonce-${a.nonce}'`);
    expect(parse(a.policy).get('form-action')).toEqual(["'self'", 'http://127.0.0.1:4000']);
    const res = a.apply(new Response('x'));
    expect(res.headers.get('content-security-policy')).toBe(a.policy);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const https = make(new Request('https://app.example/'));
    expect(https.apply(new Response('x')).headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    const forwarded = make(new Request('http://internal:3000/', { headers: { 'x-forwarded-proto': 'https' } }));
    expect(forwarded.apply(new Response('x')).headers.get('strict-transport-security')).toMatch(/^max-age=/);
  });

  it('applies to responses with immutable headers (Response.redirect) by answering a copy', () => {
    const security = nextSecurityHeaders()(new Request('http://127.0.0.1:3000/old'));
    const res = security.apply(Response.redirect('http://127.0.0.1:3000/new', 307));
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('http://127.0.0.1:3000/new');
    expect(res.headers.get('content-security-policy')).toBe(security.policy);
  });

  it('securityHeadersProxy continues the request with the policy in its headers', () => {
    const res = securityHeadersProxy()(new Request('http://127.0.0.1:3000/'));
    const policy = res.headers.get('content-security-policy')!;
    expect(policy).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expect(res.headers.get('x-middleware-request-content-security-policy')).toBe(policy);
  });
});

describe('Express securityHeaders (helmet)', () => {
  async function get(app: express.Express, headers: Record<string, string> = {}) {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers });
      return { headers: res.headers, body: await res.text() };
    } finally {
      server.close();
    }
  }

  function app() {
    const a = express();
    a.set('trust proxy', 'loopback');
    a.use(securityHeaders({ formActionOrigins: () => ['http://127.0.0.1:4000/session/end'] }));
    a.get('/', (_req, res) => void res.send(`<script nonce="${String(res.locals.cspNonce)}"></script>`));
    return a;
  }

  it('sends the same policy with a per-response nonce that the page can use', async () => {
    const { headers, body } = await get(app());
    const d = parse(headers.get('content-security-policy')!);
    const nonce = /nonce="([^"]+)"/.exec(body)![1]!;
    expect(d.get('script-src')).toEqual([`'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'self'", 'http://127.0.0.1:4000']);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('strict-transport-security')).toBeNull();
    const again = await get(app());
    expect(again.headers.get('content-security-policy')).not.toBe(headers.get('content-security-policy'));
  });

  it('adds HSTS and upgrade-insecure-requests only when served over https (here: behind a loopback proxy)', async () => {
    const { headers } = await get(app(), { 'x-forwarded-proto': 'https' });
    expect(headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(parse(headers.get('content-security-policy')!).has('upgrade-insecure-requests')).toBe(true);
  });
});
