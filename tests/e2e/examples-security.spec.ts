/**
 * The example servers in a real browser (Express, Fastify, Hono: `npm run express|fastify|hono`):
 * each framework's own secure-headers plugin (helmet, @fastify/helmet, Hono's secureHeaders) sends
 * the same policy as the Next.js app (a nonce CSP on pages, the secure headers on everything), no
 * other origin can frame them, and the sign-in works under the policy. They take turns on one port.
 */
import { serve as serveHono } from '@hono/node-server';
import type { Server } from 'node:http';
import { createExampleApp as createExpressExample } from '../../examples/express/app';
import { createExampleApp as createFastifyExample } from '../../examples/fastify/app';
import { createExampleApp as createHonoExample } from '../../examples/hono/app';
import { createNetIdAuth, optionsFromEnv, type NetIdAuth } from '../../lib/auth';
import { startEmbeddedStack, type EmbeddedStack } from 'netid-rp-testing';
import { expect, test } from './fixtures';
import { otherOrigin } from './other-origin';
import { expectPagePolicy, expectStaticHeaders } from './security-checks';
import { E2E_SESSION_PASSWORD } from './sign-in-helpers';

const PORT = Number(process.env.E2E_PORT ?? 3107) + 2;
const APP_URL = `http://127.0.0.1:${PORT}`;

/** Each example listening on PORT; resolves with its Node server. */
const EXAMPLES: ReadonlyArray<{ name: string; title: string; listen(auth: NetIdAuth): Promise<Server> }> = [
  {
    name: 'express',
    title: 'Express example',
    listen: (auth) => new Promise<Server>((resolve) => {
      const s = createExpressExample(auth).listen(PORT, '127.0.0.1', () => resolve(s));
    }),
  },
  {
    name: 'fastify',
    title: 'Fastify example',
    listen: async (auth) => {
      const app = await createFastifyExample(auth);
      await app.listen({ port: PORT, host: '127.0.0.1' });
      return app.server;
    },
  },
  {
    name: 'hono',
    title: 'Hono example',
    listen: (auth) => new Promise<Server>((resolve) => {
      const s = serveHono({ fetch: createHonoExample(auth).fetch, port: PORT, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
    }),
  },
];

test.use({ baseURL: APP_URL });
test.describe.configure({ mode: 'serial' });

for (const example of EXAMPLES) {
  test.describe(`the ${example.name} example`, () => {
    let stack: EmbeddedStack;
    let server: Server;

    test.beforeAll(async () => {
      stack = await startEmbeddedStack({ appUrl: APP_URL });
      server = await example.listen(createNetIdAuth(optionsFromEnv({ ...stack.env, APP_URL, SESSION_PASSWORD: E2E_SESSION_PASSWORD })));
    });
    test.afterAll(async () => {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await stack?.close();
    });

    test('pages and API errors carry the policy and the secure headers; sign-in and sign-out work under it', async ({ page }) => {
      const home = await page.goto('/');
      expect(home?.status()).toBe(200);
      const first = expectPagePolicy(home!.headers(), `${example.name} /`);
      expect(expectPagePolicy((await page.reload())!.headers(), `${example.name} / again`).nonce).not.toBe(first.nonce);
      for (const [what, res, status] of [
        ['GET /api/auth/session', await page.request.get('/api/auth/session'), 401],
        ['GET /api/upstream/x', await page.request.get('/api/upstream/x'), 404],
        ['GET /api/me', await page.request.get('/api/me'), 401],
        ['POST /api/auth/logout cross-site', await page.request.post('/api/auth/logout', { headers: { origin: 'http://127.0.0.2:1' } }), 403],
      ] as const) {
        expect(res.status(), what).toBe(status);
        expectStaticHeaders(res.headers(), what);
      }
      await page.getByTestId('login-login-permission').click();
      await page.getByTestId('broker-continue').click();
      await expect(page.getByTestId('signed-in')).toBeVisible();
      await page.getByTestId('logout').click();
      await expect(page.getByTestId('signed-out')).toBeVisible();
    });

    test.describe('framing', () => {
      test.use({ expectedCspViolations: [/frame-ancestors/] });

      test(`another origin cannot frame the ${example.name} pages`, async ({ page }) => {
        const evil = await otherOrigin(`<!doctype html><iframe src="${APP_URL}/" width="800" height="600"></iframe>`);
        try {
          const refused = page.waitForEvent('console', (m) => /frame-ancestors/.test(m.text()));
          await page.goto(evil.url);
          await refused;
          const frame = page.frames().find((f) => f !== page.mainFrame());
          expect(frame!.url()).not.toContain(APP_URL);
          expect(await frame!.locator('[data-testid="signed-out"], [data-testid^="login-"]').count()).toBe(0);
          expect(await frame!.locator('body').innerText()).not.toContain(example.title);
        } finally {
          await evil.close();
        }
      });
    });
  });
}
