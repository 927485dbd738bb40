/**
 * The Express example serves `/api/permissions/tcf` with the same contract as the Next app: the
 * browser bridge runs against it over real HTTP (real sign-in, the embedded stack's simulator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startConsentSync } from '@/lib/cmp';
import { createNetIdAuth, optionsFromEnv, type NetIdAuthOptions } from '@/lib/auth';
import { createPermissionCenterClient, createTcfSyncRoutes, type TcfSyncRoutes } from '@/lib/permission-center';
import { startEmbeddedStack, type EmbeddedStack } from 'netid-rp-testing';
import { createExampleApp } from '@/examples/express/app';
import { FakeCmp, MemoryStorage, nextEvent } from '../helpers/fake-cmp';
import { HttpBrowser } from '../helpers/http-browser';
import { tcString } from '../helpers/tc-strings';

let stack: EmbeddedStack;
let server: Server;
let appUrl: string;
let options: NetIdAuthOptions;

beforeAll(async () => {
  const auth = createNetIdAuth(() => ({ ...options, log: () => {} }));
  let tcf: TcfSyncRoutes | undefined;
  const app = createExampleApp(auth, {
    tcfSync: () =>
      (tcf ??= createTcfSyncRoutes(auth, {
        client: createPermissionCenterClient({
          readUrl: stack.env.PERMISSION_CENTER_READ_URL!,
          writeUrl: stack.env.PERMISSION_CENTER_WRITE_URL!,
          timeoutMs: 3000,
          expirySkewSeconds: 5,
        }),
        log: () => {},
      })),
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stack = await startEmbeddedStack({ appUrl });
  options = optionsFromEnv({ ...stack.env, SESSION_PASSWORD: 'express-example-password-0123456789ab' });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await stack?.close();
});

describe('Express: /api/permissions/tcf', () => {
  it('refuses a call without the same-origin proof, answers signed out with 401, and syncs a choice once signed in', async () => {
    const b = new HttpBrowser(appUrl);
    const bare = await b.fetch('/api/permissions/tcf');
    expect(bare.status).toBe(403);
    expect(await bare.json()).toMatchObject({ error: 'csrf_header_missing' });
    const out = await b.fetch('/api/permissions/tcf', { headers: { 'x-csrf': '1' } });
    expect(out.status).toBe(401);
    expect(await out.json()).toMatchObject({ error: 'unauthenticated' });

    await b.signIn('?flow=login-permission');
    const cmp = new FakeCmp();
    const tc = tcString(new Date(new Date().toISOString().slice(0, 10)), [1, 2]);
    const sync = startConsentSync({ tcfapi: cmp.api, endpoint: '/api/permissions/tcf', storage: new MemoryStorage(), fetch: (input, init) => b.fetch(String(input), init) });
    try {
      expect(await nextEvent(sync, 'synced')).toMatchObject({ result: 'nothing_stored' });
      const written = nextEvent(sync, 'synced');
      cmp.choose(tc);
      expect(await written).toMatchObject({ result: 'written', tcString: tc });
      const read = await b.fetch('/api/permissions/tcf', { headers: { 'x-csrf': '1' } });
      expect(await read.json()).toMatchObject({ result: 'stored', stored: { tc_string: tc } });
    } finally {
      sync.stop();
    }
  });
});
