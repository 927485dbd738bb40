/** Express `GET /api/auth/session` with a session vs a bare Express route returning the same JSON (server in its own process). */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { HttpBrowser } from '../../tests/helpers/http-browser';
import { load } from '../load';
import { LOAD_SECONDS, out } from '../output';

async function startServer(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/express-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('express bench server did not start')), 60_000);
    lines.on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve(line.slice(6));
    });
    child.once('exit', () => reject(new Error('express bench server exited')));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

export default async function run(): Promise<void> {
  const server = await startServer();
  try {
    const browser = new HttpBrowser(server.url);
    await browser.signIn('?flow=login-permission');
    const cookie = browser.jar.header();
    await load(`${server.url}/api/auth/session`, { cookie }, 2);
    await load(`${server.url}/bare`, { cookie }, 2);
    const bare = await load(`${server.url}/bare`, { cookie }, LOAD_SECONDS);
    const session = await load(`${server.url}/api/auth/session`, { cookie }, LOAD_SECONDS);
    if (session.non2xx > 0 || bare.non2xx > 0) throw new Error('non-2xx responses during the load run');
    out('express_bare_p50_ms', bare.p50);
    out('express_bare_p99_ms', bare.p99);
    out('express_session_p50_ms', session.p50);
    out('express_session_p99_ms', session.p99);
    out('express_session_vs_bare_rps_ratio', (session.rps / bare.rps).toFixed(2));
  } finally {
    server.stop();
  }
}
