/** `GET /api/auth/session` with a session vs a bare route returning the same JSON, under `next start`. */
import { appServer } from '../app-server';
import { signInOverHttp } from '../http-session';
import { load } from '../load';
import { LOAD_SECONDS, out } from '../output';

export default async function run(): Promise<void> {
  const app = await appServer();
  const cookie = await signInOverHttp(app);
  out('session_cookie_bytes', cookie.length);
  // Warm both routes (JIT, caches), then measure.
  await load(`${app}/api/auth/session`, { cookie }, 2);
  await load(`${app}/api/bench/bare`, { cookie }, 2);
  const bare = await load(`${app}/api/bench/bare`, { cookie }, LOAD_SECONDS);
  const session = await load(`${app}/api/auth/session`, { cookie }, LOAD_SECONDS);
  if (session.non2xx > 0 || bare.non2xx > 0) throw new Error('non-2xx responses during the load run');
  out('bare_route_rps', bare.rps);
  out('bare_route_p50_ms', bare.p50);
  out('session_read_rps', session.rps);
  out('session_read_p50_ms', session.p50);
  out('session_read_p99_ms', session.p99);
  out('session_read_vs_bare_ratio', (session.rps / bare.rps).toFixed(2));
}
