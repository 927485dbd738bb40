/**
 * Routes measured at the same time as a floor (issue 26): a floor's server and the route's server,
 * both pinned to core 0, loaded at once by two wrk processes on core 1, and the ratio of their CPU
 * time per request over that one window (the floor's ÷ the route's). Interleaved rounds measure each
 * route seconds or minutes after the floor, so a host whose speed drifts between them (other tenants
 * of the machine) moves the ratio; in one window both servers run on the same core at the same
 * moment and a slower host slows both. The ratio is of CPU per request, not of req/s: the scheduler
 * shares the core between two busy processes, and each one's CPU time per request does not depend
 * on its share. Each server measured gets a floor start of its own (`floorOf`): one floor loaded in
 * every window while each other server idles through the others' windows favours the floor (seven
 * starts of its own build read 0.61-0.92 of it that way, 0.96-1.03 each with a floor of its own:
 * docs/session-read.md). Same knobs as the interleaved rounds: SESSION_BENCH_PREWARM (each pair
 * once, at once), SESSION_BENCH_WARMUP (discarded, at once as well), SESSION_BENCH_SECONDS,
 * SESSION_BENCH_ROUNDS.
 */
import { median, cpuTicks, PREWARM, ROUNDS, SECONDS, WARMUP, wrkAsync, type Route } from './wrk-rounds';

/** One window: both loaded at once; `floor` CPU per request ÷ `route` CPU per request. */
async function pairedWindow(floor: Route, route: Route): Promise<number> {
  await Promise.all([wrkAsync(floor, WARMUP), wrkAsync(route, WARMUP)]);
  const f0 = cpuTicks(floor.pid);
  const r0 = cpuTicks(route.pid);
  const [f, r] = await Promise.all([wrkAsync(floor, SECONDS), wrkAsync(route, SECONDS)]);
  const floorCpu = (cpuTicks(floor.pid) - f0) / f.requests;
  const routeCpu = (cpuTicks(route.pid) - r0) / r.requests;
  return floorCpu / routeCpu;
}

/**
 * Per route, the ratio of each round's window against the floor start it is paired with; round i
 * starts at route i. `floorOf` gives each route's floor: a start of the floor's build of its own for
 * each server measured (so it idles and loads exactly as that server does), or one floor for all.
 */
export async function runPairedRounds(routes: readonly Route[], floorOf: (route: Route) => Route): Promise<Map<string, number[]>> {
  const paired = routes.filter((r) => r.pid !== floorOf(r).pid);
  const ratios = new Map<string, number[]>(paired.map((r) => [r.name, []]));
  // A server that sat idle through other routes' windows loses its first seconds under load (one
  // window per route at 0.5-0.6 in a trial with the 2 s warm-up alone): each pair is pre-warmed once.
  if (PREWARM > 0) for (const route of paired) await Promise.all([wrkAsync(floorOf(route), PREWARM), wrkAsync(route, PREWARM)]);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < paired.length; i++) {
      const route = paired[(round + i) % paired.length]!;
      ratios.get(route.name)!.push(await pairedWindow(floorOf(route), route));
    }
  }
  return ratios;
}

/** `median (min–max)` of a route's paired ratios, or `–` when it was not paired. */
export function pairedCell(ratios: Map<string, number[]> | undefined, name: string): string {
  const r = ratios?.get(name);
  return r?.length ? `${median(r).toFixed(2)} (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})` : '–';
}
