/** Express `GET /api/auth/session` with a session vs a bare Express route returning the same JSON. */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createNetIdAuth, parseConfig, publicSession, type AuthConfig } from '../../lib/auth';
import { netidRouter } from '../../lib/adapters/express';
import { startDevBroker } from '../../lib/dev/broker';
import { HttpBrowser } from '../../tests/helpers/http-browser';
import { load } from '../load';
import { LOAD_SECONDS, out } from '../output';

export default async function run(): Promise<void> {
  let config: AuthConfig | undefined;
  const auth = createNetIdAuth({ config: () => config!, log: () => {} });
  const app = express();
  app.use('/api/auth', netidRouter(auth));
  let bareBody = '{}';
  app.get('/bare', (_req, res) => {
    res.set('cache-control', 'no-store').type('application/json').send(bareBody);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const broker = await startDevBroker({
    quiet: true,
    clients: [{ client_id: 'bench-express', client_secret: 'bench-secret', redirect_uris: [`${appUrl}/api/auth/callback`] }],
  });
  try {
    config = parseConfig({
      NETID_ISSUER: broker.issuer,
      NETID_CLIENT_ID: 'bench-express',
      NETID_CLIENT_SECRET: 'bench-secret',
      APP_URL: appUrl,
      SESSION_PASSWORD: 'bench-session-password-0123456789abcdef',
    });
    const browser = new HttpBrowser(appUrl);
    await browser.signIn('?flow=login-permission');
    const cookie = browser.jar.header();
    bareBody = JSON.stringify(publicSession((await auth.getSession(cookie))!));
    await load(`${appUrl}/api/auth/session`, { cookie }, 2);
    await load(`${appUrl}/bare`, { cookie }, 2);
    const bare = await load(`${appUrl}/bare`, { cookie }, LOAD_SECONDS);
    const session = await load(`${appUrl}/api/auth/session`, { cookie }, LOAD_SECONDS);
    if (session.non2xx > 0 || bare.non2xx > 0) throw new Error('non-2xx responses during the load run');
    out('express_bare_p50_ms', bare.p50);
    out('express_bare_p99_ms', bare.p99);
    out('express_session_p50_ms', session.p50);
    out('express_session_p99_ms', session.p99);
    out('express_session_vs_bare_rps_ratio', (session.rps / bare.rps).toFixed(2));
  } finally {
    server.closeAllConnections();
    server.close();
    await broker.close();
  }
}
