/**
 * A small Better Auth app for the browser test: Better Auth (memory adapter) with the netId plugin on
 * Node's http, two buttons that start netID's SSO and standalone flows the way `authClient` does
 * (POST, then follow `url`), and a page that says, from the server, whether a Permission Center token
 * is there (never the token itself).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { getNetIdPermissionToken, netId } from '../../lib/adapters/better-auth';

export interface BetterAuthApp {
  url: string;
  close(): Promise<void>;
}

const PAGE = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Better Auth + netID</title></head><body>${body}
<script type="module">
for (const button of document.querySelectorAll('button[data-start]')) {
  button.addEventListener('click', async () => {
    const res = await fetch(button.dataset.start, { method: 'POST', headers: { 'content-type': 'application/json' }, body: button.dataset.body });
    const { url } = await res.json();
    location.href = url;
  });
}
</script></body></html>`;

async function home(auth: ReturnType<typeof createAuth>, req: IncomingMessage): Promise<string> {
  const request = { headers: new Headers({ cookie: req.headers.cookie ?? '' }) };
  const session = await auth.api.getSession(request);
  const token = await getNetIdPermissionToken(auth, request);
  const buttons = `
<button data-start="/api/auth/sign-in/social" data-body='{"provider":"netid","callbackURL":"/"}' data-testid="sign-in">Sign in with netID</button>
<button data-start="/api/auth/netid/authorize-permission" data-body='{"callbackURL":"/"}' data-testid="authorize-permission">Allow the Permission Center</button>`;
  const who = session ? `<p data-testid="signed-in">Signed in as ${session.user.email}</p>` : '<p data-testid="signed-out">Signed out</p>';
  const has = token ? `<p data-testid="token">Permission Center token until ${new Date(token.expiresAt * 1000).toISOString()}</p>` : '<p data-testid="no-token">No Permission Center token</p>';
  return PAGE(`${who}${has}${buttons}`);
}

function createAuth(url: string, options: { clientId: string; clientSecret: string; issuer: string }) {
  return betterAuth({
    baseURL: url,
    secret: 'e2e-better-auth-secret-0123456789abcdef',
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    telemetry: { enabled: false },
    logger: { disabled: true },
    plugins: [netId({ ...options, flow: 'login' })],
  });
}

/** Starts the app on `port` (loopback). */
export async function startBetterAuthApp(port: number, options: { clientId: string; clientSecret: string; issuer: string }): Promise<BetterAuthApp> {
  const url = `http://127.0.0.1:${port}`;
  const auth = createAuth(url, options);
  const handle = toNodeHandler(auth);
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/api/auth/')) return void handle(req, res);
    if (req.url === '/' || req.url?.startsWith('/?')) {
      home(auth, req).then(
        (html) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
