import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNetIdAuth, optionsFromEnv, type NetIdAuthOptions } from '@/lib/auth';
import { createPermissionRoutes } from '@/lib/permission-center';
import { createPermissionCenterClient } from '@/lib/permission-center/client';
import { startEmbeddedStack, type EmbeddedStack } from '@/lib/testing/embedded-stack';
import { createExampleApp } from '@/examples/express/app';
import { HttpBrowser } from '../helpers/http-browser';

let stack: EmbeddedStack;
let server: Server;
let appUrl: string;
let options: NetIdAuthOptions;

beforeAll(async () => {
  const auth = createNetIdAuth(() => ({ ...options, log: () => {} }));
  let permissions: ReturnType<typeof createPermissionRoutes> | undefined;
  const app = createExampleApp(auth, {
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

describe('the Express example serves the same routes as the Next app', () => {
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
    const res = await b.fetch('/api/upstream/me');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'upstream_not_configured' });
  });
});
