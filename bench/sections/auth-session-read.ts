/** `GET /api/auth/session` with a session vs a bare route returning the same JSON, under `next start`. */
import { appServer } from '../app-server';
import { signInOverHttp } from '../http-session';
import { load, type LoadResult } from '../load';
import { LOAD_SECONDS, out } from '../output';

export default async function run(): Promise<void> {
  const app = await appServer();
  const cookie = await signInOverHttp(app);
  out('session_cookie_bytes', cookie.length);
  // Warm both routes (JIT, caches), then measure.
  await load(`${app}/api/auth/session`, { cookie }, 2);
  await load(`${app}/api/bench/bare`, { cookie }, 2);
  // Two alternating rounds, best of each: one noisy moment on a 2-core box should not decide the ratio.
  const rounds: Array<[LoadResult, LoadResult]> = [];
  for (let i = 0; i < 2; i++) {
    const b = await load(`${app}/api/bench/bare`, { cookie }, LOAD_SECONDS / 2);
    const s = await load(`${app}/api/auth/session`, { cookie }, LOAD_SECONDS / 2);
    if (s.non2xx > 0 || b.non2xx > 0) throw new Error('non-2xx responses during the load run');
    rounds.push([b, s]);
  }
  const best = (i: 0 | 1) => rounds.map((r) => r[i]).reduce((x, y) => (y.rps > x.rps ? y : x));
  const bare = best(0);
  const session = best(1);
  out('bare_route_rps', bare.rps);
  out('bare_route_p50_ms', bare.p50);
  out('session_read_rps', session.rps);
  out('session_read_p50_ms', session.p50);
  out('session_read_p99_ms', session.p99);
  out('session_read_vs_bare_ratio', (session.rps / bare.rps).toFixed(2));
}
