/**
 * What a session-sized Cookie header costs Next.js itself per app-route request (docs/session-read.md,
 * "What a cookie costs Next"). Two measurements, CPU time only (they hold on a loaded machine
 * better than req/s), cookie sizes COOKIE_BENCH_SIZES (bytes of value, default 0,512,1024,1536,3072),
 * one `__Host-netid_session` cookie of random base64url text (as a seal is), 2,000 distinct values:
 * 1. In one process, Next's own functions on a request's headers, the places an app-route request
 *    walks the cookie: base-server's `req.cookies`, the draft-mode check, the `Headers` and the
 *    `NextRequest` built for the handler, and `finalizeResponse`'s `mutableCookies`; 9 interleaved
 *    rounds (the first discarded), `process.cpuUsage`, median µs per request.
 * 2. The plain app's bare route (bench/plain-app.ts, `next start` on core 0, wrk on core 1, 10
 *    connections): the serving process's CPU µs per request by cookie size, COOKIE_BENCH_ROUNDS
 *    interleaved rounds (default 5) of COOKIE_BENCH_SECONDS (default 4; a 1 s warm-up before each).
 * Prints `µs per KB` (the slope from the first to the last size) for both.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { out } from '../output';
import { preparePlainApp, startPlainApp } from '../plain-app';
import { pinned } from '../soak-server';
import { median } from '../wrk-rounds';

const SIZES = (process.env.COOKIE_BENCH_SIZES ?? '0,512,1024,1536,3072').split(',').map(Number);
const ROUNDS = Number(process.env.COOKIE_BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.COOKIE_BENCH_SECONDS ?? 4);
const PORT = Number(process.env.BENCH_PORT ?? 3217) + 40;
const USERS = 2000;
const COOKIE = '__Host-netid_session';

type NodeHeaders = Record<string, string>;
type Step = (node: NodeHeaders, web: Headers) => unknown;

/** Next's functions as an app-route request runs them (CommonJS modules of `next/dist`, loaded as Next loads them). */
function nextSteps(): Record<string, Step> {
  const req = createRequire(import.meta.url);
  const n = (path: string) => req(`next/dist/${path}`) as Record<string, unknown>;
  const { parse } = n('compiled/cookie') as { parse: (s: string) => unknown };
  const { RequestCookies } = n('server/web/spec-extension/cookies') as { RequestCookies: new (h: unknown) => { get(name: string): unknown } };
  const { HeadersAdapter } = n('server/web/spec-extension/adapters/headers') as { HeadersAdapter: { from(h: NodeHeaders): unknown } };
  const { MutableRequestCookiesAdapter } = n('server/web/spec-extension/adapters/request-cookies') as { MutableRequestCookiesAdapter: { wrap(c: unknown): unknown } };
  const { fromNodeOutgoingHttpHeaders } = n('server/web/utils') as { fromNodeOutgoingHttpHeaders: (h: NodeHeaders) => Headers };
  const { NextRequest } = n('server/web/spec-extension/request') as { NextRequest: new (url: string, init: RequestInit) => unknown };
  return {
    // base-server.js handleRequestImpl → NodeNextRequest.originalRequest → `req.cookies` (next/dist/compiled/cookie).
    'base-server req.cookies': (h) => (h.cookie ? parse(h.cookie) : {}),
    // route-module.js prepareImpl → tryGetPreviewData → new RequestCookies(…).get('__prerender_bypass').
    'draft-mode check (RequestCookies)': (h) => new RequestCookies(HeadersAdapter.from(h)).get('__prerender_bypass'),
    // NextRequestAdapter.fromNodeNextRequest → fromNodeOutgoingHttpHeaders: a Headers, every value validated.
    'Headers from the Node headers': (h) => fromNodeOutgoingHttpHeaders(h),
    // … → new NextRequest: undici copies the Headers (validated again), then RequestCookies parses the cookie.
    'new NextRequest': (_h, web) => new NextRequest('http://127.0.0.1:3000/api/bench/bare', { method: 'GET', headers: web }),
    // app-route module.js finalizeResponse → requestStore.mutableCookies: parse, then every cookie
    // serialized (encodeURIComponent) into a ResponseCookies bag over a new Headers (validated).
    'finalizeResponse mutableCookies': (h) => MutableRequestCookiesAdapter.wrap(new RequestCookies(HeadersAdapter.from(h))),
  };
}

const cookieValue = (size: number) => randomBytes(size).toString('base64url').slice(0, size);

function inProcess(): void {
  const steps = nextSteps();
  const base: NodeHeaders = { host: '127.0.0.1:3000', 'user-agent': 'wrk', accept: '*/*', 'x-forwarded-host': '127.0.0.1:3000', 'x-forwarded-port': '3000', 'x-forwarded-proto': 'http', 'x-forwarded-for': '127.0.0.1' };
  const sets = new Map(SIZES.map((s) => [s, Array.from({ length: USERS }, () => (s ? { ...base, cookie: `${COOKIE}=${cookieValue(s)}` } : { ...base }))]));
  const names = Object.keys(steps);
  const samples = new Map<string, number[]>();
  for (let round = 0; round < 9; round++) {
    for (let i = 0; i < SIZES.length; i++) {
      const size = SIZES[(round + i) % SIZES.length]!;
      const list = sets.get(size)!;
      const webs = list.map((h) => new Headers(h));
      for (const name of names) {
        const step = steps[name]!;
        const t0 = process.cpuUsage();
        for (let k = 0; k < USERS; k++) step(list[k]!, webs[k]!);
        const t = process.cpuUsage(t0);
        const key = `${name}|${size}`;
        if (round) samples.set(key, [...(samples.get(key) ?? []), (t.user + t.system) / USERS]);
      }
    }
  }
  const top = SIZES[SIZES.length - 1]!;
  const rows = [`| step (CPU µs per request, in-process) | ${SIZES.map((s) => `${s} B`).join(' | ')} | µs per KB |`, `|---|${SIZES.map(() => '---:').join('|')}|---:|`];
  const total = SIZES.map(() => 0);
  for (const name of [...names, 'sum']) {
    const m = name === 'sum' ? total : SIZES.map((s) => median(samples.get(`${name}|${s}`)!));
    if (name !== 'sum') m.forEach((x, i) => (total[i]! += x));
    rows.push(`| ${name} | ${m.map((x) => x.toFixed(1)).join(' | ')} | ${(((m[m.length - 1]! - m[0]!) * 1024) / (top - SIZES[0]!)).toFixed(1)} |`);
  }
  out('next_cookie_in_process_us_per_kb', (((total[total.length - 1]! - total[0]!) * 1024) / (top - SIZES[0]!)).toFixed(1));
  console.info(rows.join('\n'));
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function wrk(url: string, cookies: string, seconds: number): number {
  const [cmd, args] = pinned(1, 'wrk', ['-t1', '-c10', `-d${seconds}s`, '-s', 'bench/wrk/rotate-cookies.lua', url]);
  const r = spawnSync(cmd, args, { env: { ...process.env, BENCH_COOKIES_FILE: cookies }, encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('JSON '));
  if (r.status !== 0 || !line) throw new Error(`wrk failed: ${r.stderr || r.stdout}`);
  const result = JSON.parse(line.slice(5)) as { requests: number; err_status: number };
  if (result.err_status) throw new Error(`${result.err_status} non-2xx answers`);
  return result.requests;
}

async function inServer(): Promise<void> {
  if (spawnSync('bash', ['scripts/ensure-wrk.sh'], { stdio: 'inherit' }).status !== 0) throw new Error('wrk is missing and could not be installed');
  const dir = mkdtempSync(join(tmpdir(), 'netid-cookie-bench-'));
  const files = new Map<number, string>();
  for (const size of SIZES) {
    const file = size ? join(dir, `${size}.txt`) : '';
    if (file) writeFileSync(file, `${Array.from({ length: USERS }, () => `${COOKIE}=${cookieValue(size)}`).join('\n')}\n`);
    files.set(size, file);
  }
  process.env.BENCH_ROUTES = '1';
  const server = await startPlainApp(preparePlainApp((l) => console.info(l)), PORT, 0);
  const url = `${server.url}/api/bench/bare`;
  try {
    for (const size of SIZES) wrk(url, files.get(size)!, 2);
    const cpu = new Map<number, number[]>(SIZES.map((s) => [s, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < SIZES.length; i++) {
        const size = SIZES[(round + i) % SIZES.length]!;
        wrk(url, files.get(size)!, 1);
        const t0 = cpuTicks(server.pid);
        const requests = wrk(url, files.get(size)!, SECONDS);
        cpu.get(size)!.push(((cpuTicks(server.pid) - t0) * 1e6) / CLK_TCK / requests);
      }
    }
    const rows = [`| cookie value | server CPU µs per request (median) | rounds | Δ to ${SIZES[0]} B (median of per-round Δ) |`, '|---:|---:|---|---:|'];
    for (const size of SIZES) {
      const deltas = cpu.get(size)!.map((x, i) => x - cpu.get(SIZES[0]!)![i]!);
      rows.push(`| ${size} B | ${median(cpu.get(size)!).toFixed(0)} | ${cpu.get(size)!.map((x) => x.toFixed(0)).join(' / ')} | ${median(deltas).toFixed(0)} |`);
    }
    const top = SIZES[SIZES.length - 1]!;
    const slope = median(cpu.get(top)!.map((x, i) => x - cpu.get(SIZES[0]!)![i]!));
    out('next_cookie_server_us_per_kb', ((slope * 1024) / (top - SIZES[0]!)).toFixed(1));
    console.info(rows.join('\n'));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<void> {
  inProcess();
  if (process.env.COOKIE_BENCH_SERVER !== '0') await inServer();
}
