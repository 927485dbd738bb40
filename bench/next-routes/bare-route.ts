/**
 * Benchmark baseline: a bare route handler returning the same JSON shape as
 * `/api/auth/session`, without reading a session. Not part of the reference app: the bench copies
 * it to `app/api/bench/bare/route.ts` (git-ignored) for its own build only. 404 unless BENCH_ROUTES=1.
 */
import { BARE_BODY as BODY } from '@/bench/next-routes/bare-body';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  if (process.env.BENCH_ROUTES !== '1') return new Response(null, { status: 404 });
  return new Response(BODY, { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}
