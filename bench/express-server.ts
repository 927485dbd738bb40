/**
 * The Express side of the `express-session` bench section, in its own process so the load
 * generator does not share its event loop: the adapter's routes plus a bare route, on the
 * embedded broker. Prints `READY <url>` when listening; stops on SIGTERM.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createNetIdAuth, optionsFromEnv, publicSession, type NetIdAuthOptions } from '../lib/auth';
import { expressCookies, netIdRouter } from '../lib/adapters/express';
import { withRedis } from '../lib/redis';
import { startDevBroker } from 'netid-rp-testing';

// The config needs the server's port (redirect URI), so it is filled in after listening.
const settings: { options?: NetIdAuthOptions } = {};
const auth = createNetIdAuth(() => ({ ...settings.options!, log: () => {} }));
const app = express();
app.use('/api/auth', netIdRouter(auth));
// The same JSON /api/auth/session answers, computed once from the caller's session.
let bareBody: string | undefined;
app.get('/bare', (req, res, next) => {
  if (bareBody) {
    res.set('cache-control', 'no-store').type('application/json').send(bareBody);
    return;
  }
  auth
    .getSession(expressCookies(req, res))
    .then((session) => {
      bareBody = JSON.stringify(session ? publicSession(session) : {});
      res.set('cache-control', 'no-store').type('application/json').send(bareBody);
    })
    .catch(next);
});
const server = app.listen(0, '127.0.0.1');
await new Promise<void>((r) => server.once('listening', () => r()));
const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const broker = await startDevBroker({
  quiet: true,
  clients: [{ client_id: 'bench-express', client_secret: 'bench-secret', redirect_uris: [`${appUrl}/api/auth/callback`] }],
});
settings.options = withRedis(optionsFromEnv({
  NETID_ISSUER: broker.issuer,
  NETID_CLIENT_ID: 'bench-express',
  NETID_CLIENT_SECRET: 'bench-secret',
  APP_URL: appUrl,
  SESSION_PASSWORD: 'bench-session-password-0123456789abcdef',
  // The redis bench section runs this server with server-side sessions too.
  SESSION_STORE: process.env.SESSION_STORE,
  REDIS_URL: process.env.REDIS_URL,
}));
process.stdout.write(`READY ${appUrl}\n`);
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void broker.close().then(() => process.exit(0));
});
