/**
 * Session-read load runs shared by the `auth-session-read` and `redis` sections: Debian `wrk`
 * pinned to core 1 (the servers sit on core 0), every request carrying the next user's cookie from
 * a file (bench/wrk/rotate-cookies.lua), interleaved rounds of a discarded warm-up and a measured
 * run per route, the serving process's CPU time per request, and a table of medians with each
 * route's ratio to its own server's bare route.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNetIdAuth, type NetIdAuthOptions } from '../lib/auth';
import { mintSessionCookie } from '../lib/testing';
import { out } from './output';
import { pinned } from './soak-server';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
export const SECONDS = num('SESSION_BENCH_SECONDS', 10);
export const WARMUP = num('SESSION_BENCH_WARMUP', 2);
export const PREWARM = num('SESSION_BENCH_PREWARM', 5);
export const ROUNDS = num('SESSION_BENCH_ROUNDS', 3);
export const USERS = num('SESSION_BENCH_USERS', 20_000);
export const CONNECTIONS = num('SESSION_BENCH_CONNECTIONS', 10);
const LUA = 'bench/wrk/rotate-cookies.lua';

export interface WrkResult {
  requests: number;
  rps: number;
  p50_us: number;
  p99_us: number;
  err_connect: number;
  err_read: number;
  err_write: number;
  err_status: number;
  err_timeout: number;
}

/** One loaded route; routes of one `server` share its bare route (`<server>_bare`) for their ratio. */
export interface Route {
  name: string;
  server: string;
  url: string;
  /** File of Cookie headers, one per user; none for a bare route. */
  cookies?: string;
  pid: number;
}

/** One measured run of a route. */
export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerReq: number;
}

/** The pinned wrk command for `route`, and its environment. */
function wrkCommand(route: Route, seconds: number): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
  const [cmd, args] = pinned(1, 'wrk', ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', LUA, route.url]);
  return { cmd, args, env: { ...process.env, BENCH_COOKIES_FILE: route.cookies ?? '' } };
}

/** wrk's JSON line for `route`; throws on a failed run, any error or a non-2xx answer. */
function wrkResult(route: Route, status: number | null, stdout: string, stderr: string): WrkResult {
  const line = stdout.split('\n').find((l) => l.startsWith('JSON '));
  if (status !== 0 || !line) throw new Error(`wrk on ${route.name} failed: ${stderr || stdout}`);
  const result = JSON.parse(line.slice(5)) as WrkResult;
  const errors = result.err_connect + result.err_read + result.err_write + result.err_status + result.err_timeout;
  if (errors > 0) throw new Error(`${route.name}: ${errors} errors or non-2xx answers (${line})`);
  return result;
}

/** One wrk run pinned to core 1; throws on any error or non-2xx answer. */
export function wrk(route: Route, seconds: number): WrkResult {
  const { cmd, args, env } = wrkCommand(route, seconds);
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  return wrkResult(route, r.status, r.stdout ?? '', r.stderr ?? '');
}

/** {@link wrk}, without blocking: two of them load two servers at once. */
export function wrkAsync(route: Route, seconds: number): Promise<WrkResult> {
  const { cmd, args, env } = wrkCommand(route, seconds);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: (seconds + 30) * 1000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve(wrkResult(route, code, stdout, stderr));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

/** utime + stime of `pid` in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function measure(route: Route): Sample {
  wrk(route, WARMUP);
  const t0 = cpuTicks(route.pid);
  const r = wrk(route, SECONDS);
  const cpuUs = ((cpuTicks(route.pid) - t0) * 1e6) / CLK_TCK;
  return { rps: r.rps, p50: r.p50_us / 1000, p99: r.p99_us / 1000, cpuUsPerReq: cpuUs / r.requests };
}

/** The median of a non-empty list. */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The embedded broker's issuer, read off the app's login redirect (the minted sessions must name it). */
export async function brokerIssuer(app: string): Promise<string> {
  const res = await fetch(`${app}/api/auth/login?flow=login-permission`, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`login answered ${res.status}`);
  return `${new URL(location).origin}/`;
}

/** Minted cookies: files of Cookie headers for 1 and for `users` users, and the headers and values themselves. */
export interface MintedUsers {
  one: string;
  many: string;
  headers: string[];
  values: string[];
}

/**
 * `users` sessions minted through the testing kit's `mintSessionCookie` with `options` (so a
 * server-side store in them holds the sessions): the same four claims and 600-character token as
 * the peers' cookies, one subject per user, written to `<dir>/<name>-one.txt` and `-many.txt`.
 */
export async function mintUsers(options: NetIdAuthOptions, users: number, dir: string, name: string): Promise<MintedUsers> {
  const auth = createNetIdAuth(options);
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const headers: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < users; i++) {
    const c = await mintSessionCookie(auth, {
      user: { sub: `bench-subject-${String(i).padStart(8, '0')}`, email: `user${i}@example.com`, given_name: 'Max', family_name: 'Mustermann' },
      permissionToken: { accessToken: 'x'.repeat(600), tokenType: 'Bearer', expiresAt },
    });
    headers.push(c.header);
    values.push(c.value);
  }
  const one = join(dir, `${name}-one.txt`);
  const many = join(dir, `${name}-many.txt`);
  writeFileSync(one, `${headers[0]}\n`);
  writeFileSync(many, `${headers.join('\n')}\n`);
  return { one, many, headers, values };
}

/** Checks a route answers 200 with a user (its first cookie) before it is loaded (3 attempts: a loaded machine may drop a connection). */
export async function check(route: Route): Promise<void> {
  const cookie = route.cookies ? readFileSync(route.cookies, 'utf8').split('\n')[0]! : undefined;
  let res: Response | undefined;
  for (let attempt = 1; !res; attempt++) {
    try {
      res = await fetch(route.url, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      if (attempt >= 3) throw new Error(`${route.name}: ${route.url} did not answer: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const body = await res.text();
  if (res.status !== 200 || !/"email":"[^"]+@example\.com"/.test(body)) throw new Error(`${route.name} answered ${res.status}: ${body.slice(0, 200)}`);
}

/** Checks every route, pre-warms each once (`prewarm` s), then runs ROUNDS interleaved rounds over all of them (round i starts at route i). */
export async function runRounds(routes: readonly Route[], prewarm = PREWARM): Promise<Map<string, Sample[]>> {
  for (const route of routes) await check(route);
  if (prewarm > 0) for (const route of routes) wrk(route, prewarm);
  const samples = new Map<string, Sample[]>(routes.map((r) => [r.name, []]));
  // Each round starts one route further on, so no route always follows the same (heavier) one.
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < routes.length; i++) {
      const route = routes[(round + i) % routes.length]!;
      samples.get(route.name)!.push(measure(route));
    }
  }
  return samples;
}

/** Per-round ratios of `name` to `base`: by req/s (`name ÷ base`) and by server CPU per request (`base ÷ name`, so both read "share of the base's speed"). */
export function ratiosTo(samples: Map<string, Sample[]>, name: string, base: string): { rps: number[]; cpu: number[] } {
  const s = samples.get(name)!;
  const b = samples.get(base)!;
  return { rps: s.map((x, i) => x.rps / b[i]!.rps), cpu: s.map((x, i) => b[i]!.cpuUsPerReq / x.cpuUsPerReq) };
}

/** `median (min–max)` of per-round ratios. */
export const spread = (xs: number[]): string => `${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

/**
 * Prints `<prefix>_<route>_rps`, `_cpu_us_per_req` and `_vs_bare_ratio` (median of the per-round
 * ratios to the route's own server's bare route, min–max; when that server has no bare route in
 * the run, none) and, with `floor` (a route name), `_vs_floor_ratio` and `_vs_floor_cpu_ratio`;
 * returns the Markdown table.
 */
export function report(prefix: string, routes: readonly Route[], samples: Map<string, Sample[]>, floor?: string): string {
  const floorCols = floor ? ` ÷ ${floor} req/s | ÷ ${floor} by CPU |` : '';
  const rows: string[] = [
    `| route | req/s (median) | req/s per round | p50 ms | p99 ms | server CPU µs/req | ÷ own bare (median, min–max) |${floorCols}`,
    `|---|---:|---|---:|---:|---:|---:|${floor ? '---:|---:|' : ''}`,
  ];
  for (const route of routes) {
    const s = samples.get(route.name)!;
    const bareName = `${route.server}_bare`;
    const hasBare = samples.has(bareName);
    const rps = median(s.map((x) => x.rps));
    const ratio = hasBare ? spread(ratiosTo(samples, route.name, bareName).rps) : '–';
    out(`${prefix}_${route.name}_rps`, `${Math.round(rps)} (rounds ${s.map((x) => Math.round(x.rps)).join(' / ')})`);
    out(`${prefix}_${route.name}_cpu_us_per_req`, median(s.map((x) => x.cpuUsPerReq)).toFixed(0));
    if (route.name !== bareName && hasBare) out(`${prefix}_${route.name}_vs_bare_ratio`, ratio);
    let floorCells = '';
    if (floor) {
      const r = ratiosTo(samples, route.name, floor);
      if (route.name !== floor) {
        out(`${prefix}_${route.name}_vs_floor_ratio`, spread(r.rps));
        out(`${prefix}_${route.name}_vs_floor_cpu_ratio`, spread(r.cpu));
      }
      floorCells = route.name === floor ? ' 1.00 | 1.00 |' : ` ${spread(r.rps)} | ${spread(r.cpu)} |`;
    }
    rows.push(
      `| ${route.name} | ${Math.round(rps)} | ${s.map((x) => Math.round(x.rps)).join(' / ')} | ${median(s.map((x) => x.p50)).toFixed(2)} | ` +
        `${median(s.map((x) => x.p99)).toFixed(2)} | ${median(s.map((x) => x.cpuUsPerReq)).toFixed(0)} | ${route.name === bareName ? '1.00' : ratio} |${floorCells}`,
    );
  }
  return rows.join('\n');
}
