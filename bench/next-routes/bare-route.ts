/**
 * Benchmark baseline: a bare route handler returning the same JSON shape as
 * `/api/auth/session`, without reading a session. Not part of the reference app: the bench copies
 * it to `app/api/bench/bare/route.ts` (git-ignored) for its own build only. 404 unless BENCH_ROUTES=1.
 */
export const dynamic = 'force-dynamic';

const BODY = JSON.stringify({
  user: { sub: 'bench-subject-0000000000000000000000000000000', email: 'max.mustermann@example.com', given_name: 'Max', family_name: 'Mustermann' },
  permissionToken: { expiresAt: '2030-01-01T00:00:00.000Z', expired: false },
  flow: 'login-permission',
});

export function GET(): Response {
  if (process.env.BENCH_ROUTES !== '1') return new Response(null, { status: 404 });
  return new Response(BODY, { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}
