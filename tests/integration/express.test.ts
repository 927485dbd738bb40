import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNetIdAuth, optionsFromEnv, type NetIdAuthOptions } from '@/lib/auth';
import { authErrorHandler, netidRouter, requireSession } from '@/lib/adapters/express';
import { startDevBroker, type DevBroker } from '@/lib/testing/broker';
import { HttpBrowser } from '../helpers/http-browser';

let broker: DevBroker;
let server: Server;
let appUrl: string;
let options: NetIdAuthOptions;

beforeAll(async () => {
  const app = express();
  app.set('trust proxy', true);
  const auth = createNetIdAuth(() => ({ ...options, log: () => {} }));
  app.use('/api/auth', netidRouter(auth));
  app.get('/protected', requireSession(auth), (req, res) => {
    res.json({ sub: req.netid!.session.user?.sub, flow: req.netid!.session.flow });
  });
  app.get('/protected/token', requireSession(auth), async (req, res, next) => {
    try {
      res.json({ token: await req.netid!.getAccessToken() });
    } catch (err) {
      next(err);
    }
  });
  app.use(authErrorHandler);
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  broker = await startDevBroker({
    quiet: true,
    clients: [{ client_id: 'express-rp', client_secret: 'express-secret', redirect_uris: [`${appUrl}/api/auth/callback`] }],
  });
  options = optionsFromEnv({
    NETID_ISSUER: broker.issuer,
    NETID_CLIENT_ID: 'express-rp',
    NETID_CLIENT_SECRET: 'express-secret',
    APP_URL: appUrl,
    SESSION_PASSWORD: 'express-session-password-0123456789abc',
  });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await broker?.close();
});

describe('Express adapter', () => {
  it('answers 401 JSON on /session and guarded routes when signed out', async () => {
    const b = new HttpBrowser(appUrl);
    const session = await b.fetch('/api/auth/session');
    expect(session.status).toBe(401);
    expect(await session.json()).toMatchObject({ error: 'unauthenticated' });
    expect((await b.fetch('/protected')).status).toBe(401);
  });

  it('signs in through the router; both Set-Cookie headers of the callback survive the bridge', async () => {
    const b = new HttpBrowser(appUrl);
    const callback = await b.signIn('?flow=login-permission&returnTo=/protected');
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/protected');
    const cookies = callback.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    expect(cookies.some((c) => c.startsWith('netid_tx.') && /Max-Age=0/i.test(c))).toBe(true);
    expect(cookies.some((c) => c.startsWith('netid_session=') && /HttpOnly/i.test(c))).toBe(true);
    const session = await b.fetch('/api/auth/session');
    expect(session.status).toBe(200);
    const body = (await session.json()) as { user: { sub: string }; permissionToken: { expiresAt: string } };
    expect(body.user.sub).toBe(broker.users.max!.sub);
    expect(body.permissionToken.expiresAt).toMatch(/^\d{4}-/);
    expect(await (await b.fetch('/protected')).json()).toEqual({ sub: broker.users.max!.sub, flow: 'login-permission' });
  });

  it('reads a tampered cookie as signed out', async () => {
    const b = new HttpBrowser(appUrl);
    await b.signIn('?flow=login');
    const value = b.jar.get('netid_session')!;
    b.jar.set('netid_session', `${value.slice(0, -4)}AAAA`);
    expect((await b.fetch('/api/auth/session')).status).toBe(401);
    expect((await b.fetch('/protected')).status).toBe(401);
  });

  it('refuses a cross-site logout and performs a same-origin one', async () => {
    const b = new HttpBrowser(appUrl);
    await b.signIn('?flow=login');
    const cross = await b.fetch('/api/auth/logout', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect((await b.fetch('/api/auth/session')).status).toBe(200);
    const ok = await b.fetch('/api/auth/logout', { method: 'POST', headers: { origin: appUrl } });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/');
    expect((await b.fetch('/api/auth/session')).status).toBe(401);
  });

  it('builds the redirect URI from APP_URL, not from spoofable Host/X-Forwarded headers', async () => {
    const b = new HttpBrowser(appUrl);
    const login = await b.fetch('/api/auth/login?flow=login', {
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    const authorize = new URL(login.headers.get('location')!);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${appUrl}/api/auth/callback`);
  });

  it('getAccessToken() on a netID session answers a typed 401 (netID has no user access token for APIs)', async () => {
    const b = new HttpBrowser(appUrl);
    await b.signIn('?flow=login');
    const res = await b.fetch('/protected/token');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'access_token_unavailable' });
  });
});
