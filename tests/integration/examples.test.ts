/**
 * The example apps (examples/express, examples/fastify, examples/hono: `npm run express|fastify|hono`)
 * serve the same routes as the Next app, with the same secure headers: one suite, run for each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve as serveHono } from '@hono/node-server';
import type { Server } from 'node:http';
import { createNetIdAuth, optionsFromEnv, type NetIdAuth, type NetIdAuthOptions } from '@/lib/auth';
import { createPermissionRoutes } from '@/lib/permission-center';
import { createPermissionCenterClient } from '@/lib/permission-center/client';
import { startEmbeddedStack, type EmbeddedStack } from 'netid-rp-testing';
import * as expressExample from '@/examples/express/app';
import * as fastifyExample from '@/examples/fastify/app';
import * as honoExample from '@/examples/hono/app';
import type { ExampleAppOptions } from '@/examples/shared/permissions';
import { listening, type ServedApp } from '../helpers/adapter-servers';
import { HttpBrowser } from '../helpers/http-browser';

/** Each example app, listening on a free loopback port. */
const EXAMPLES: ReadonlyArray<{ name: string; serve(auth: NetIdAuth, options: ExampleAppOptions): Promise<ServedApp> }> = [
  { name: 'express', serve: async (auth, options) => listening(expressExample.createExampleApp(auth, options).listen(0, '127.0.0.1')) },
  {
    name: 'fastify',
    serve: async (auth, options) => {
      const app = await fastifyExample.createExampleApp(auth, options);
      await app.listen({ port: 0, host: '127.0.0.1' });
      return listening(app.server);
    },
  },
  { name: 'hono', serve: async (auth, options) => listening(serveHono({ fetch: honoExample.createExampleApp(auth, options).fetch, port: 0, hostname: '127.0.0.1' }) as Server) },
];

describe.each(EXAMPLES)('the $name example serves the same routes as the Next app', (example) => {
  let stack: EmbeddedStack;
  let app: ServedApp;
  let options: NetIdAuthOptions;
  let appUrl: string;

  beforeAll(async () => {
    const auth = createNetIdAuth(() => ({ ...options, log: () => {} }));
    let permissions: ReturnType<typeof createPermissionRoutes> | undefined;
    app = await example.serve(auth, {
      permissions: () =>
        (permissions ??= createPermissionRoutes(auth, {
          client: createPermissionCenterClient({
            readUrl: stack.env.PERMISSION_CENTER_READ_URL!,
            writeUrl: stack.env.PERMISSION_CENTER_WRITE_URL!,
            timeoutMs: 3000,
            expirySkewSeconds: 5,
          }),
          log: () => {},
        })),
    });
    appUrl = app.url;
    stack = await startEmbeddedStack({ appUrl });
    options = optionsFromEnv({ ...stack.env, SESSION_PASSWORD: 'examples-session-password-0123456789abcd' });
  });

  afterAll(async () => {
    await app?.close();
    await stack?.close();
  });

  it('home page, session and /api/me follow the signed-in state', async () => {
    const b = new HttpBrowser(appUrl);
    expect(await (await b.fetch('/')).text()).toContain('data-testid="signed-out"');
    expect((await b.fetch('/api/me')).status).toBe(401);
    await b.signIn('?flow=login-permission');
    const home = await (await b.fetch('/')).text();
    expect(home).toContain(stack.broker.users.max!.sub);
    expect(home).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect((await b.fetch('/api/me')).status).toBe(200);
  });

  it('reads and writes the Permission Center through /api/permissions', async () => {
    const b = new HttpBrowser(appUrl);
    expect((await b.fetch('/api/permissions')).status).toBe(401);
    await b.signIn('?flow=login-permission');
    const read = await b.fetch('/api/permissions');
    expect(read.status).toBe(200);
    const cross = await b.fetch('/api/permissions', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ idconsent: 'VALID' }),
    });
    expect(cross.status).toBe(403);
    const write = await b.fetch('/api/permissions', {
      method: 'POST',
      headers: { origin: appUrl, 'content-type': 'application/json', 'x-requested-with': 'fetch' },
      body: JSON.stringify({ idconsent: 'VALID' }),
    });
    expect(write.status).toBe(200);
    const body = (await write.json()) as { netid_privacy_settings: { idconsent: { status: string } }; subject_identifiers: { tpid: string | null } };
    expect(body.netid_privacy_settings.idconsent.status).toBe('VALID');
    expect(body.subject_identifiers.tpid).toBeTruthy();
  });

  it('answers /api/upstream with a typed error when no upstream API is configured', async () => {
    const b = new HttpBrowser(appUrl);
    await b.signIn('?flow=login');
    const res = await b.fetch('/api/upstream/me', { headers: { 'x-csrf': '1' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'upstream_not_configured' });
  });

  it("the framework's secure-headers plugin sends the Next app's policy: a fresh nonce per page, the static headers on API answers too", async () => {
    const b = new HttpBrowser(appUrl);
    const [first, second] = [await b.fetch('/'), await b.fetch('/')];
    const nonces = [first, second].map((res) => /script-src 'nonce-([A-Za-z0-9+/=]{16,})' 'strict-dynamic'/.exec(res.headers.get('content-security-policy') ?? '')?.[1]);
    expect(nonces[0]).toBeTruthy();
    expect(nonces[1]).not.toBe(nonces[0]);
    const csp = new Map(
      first.headers
        .get('content-security-policy')!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name!, sources.join(' ')]),
    );
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(csp.get('style-src')).toBe(`'self' 'nonce-${nonces[0]}'`);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    for (const res of [first, await b.fetch('/api/auth/session'), await b.fetch('/api/me')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('behind a TLS proxy on loopback (X-Forwarded-Proto: https) adds HSTS and upgrade-insecure-requests', async () => {
    const res = await new HttpBrowser(appUrl).fetch('/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });
});
