/**
 * The reference app's probes (issue 23, the contract's `/api/health/*`): liveness and readiness
 * answer JSON under `next start`, outside the proxy's session reads, and say nothing of the setup.
 */
import { expect, test } from '@playwright/test';

test('GET /api/health/live answers 200 JSON, never cached', async ({ request }) => {
  const res = await request.get('/api/health/live');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/json');
  expect(res.headers()['cache-control']).toBe('no-store');
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('GET /api/health/ready answers 200 JSON with the embedded broker up, and names nothing of the configuration', async ({ request }) => {
  const res = await request.get('/api/health/ready');
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toBe('no-store');
  const text = await res.text();
  expect(JSON.parse(text)).toEqual({ status: 'ok' });
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|redis|issuer|client/i);
});
