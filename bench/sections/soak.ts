/**
 * Memory under sustained load (issue 15): for every route that calls out — Next `/api/permissions`,
 * `/api/upstream/x` (generic OIDC provider), `/api/auth/callback` (token endpoint), and the same
 * routes on the Express example — a fresh server pinned to core 0 (its embedded services in their
 * own process on core 1, beside the load generator), a warm-up (SOAK_WARMUP_SECONDS, default 15), a SOAK_SECONDS run
 * (default 40) at SOAK_CONNECTIONS (default 50) from a load process pinned to core 1, rotating over
 * SOAK_USERS (default 60) signed-in sessions, then SOAK_IDLE_SECONDS (default 15) idle. The serving
 * process's RSS is sampled every SOAK_SAMPLE_SECONDS (default 5). Prints warm-up / peak / after-idle
 * RSS, throughput and the server's CPU per request for every route, and the Next/Express ratios
 * (throughput, and CPU per request: the ratio with a saturated server core) per route. SOAK_ROUTES=a,b
 * picks routes by name. Loopback only; every run and wait is bounded.
 */
import { spawn } from 'node:child_process';
import { BENCH_SESSION_PASSWORD, ensureNextBuild, stopAppServer } from '../app-server';
import { out } from '../output';
import type { SoakLoadInput, SoakLoadResult } from '../soak-load';
import { signInMany } from '../soak-signin';
import { pinned, startSoakServer, type SoakServer, type SoakServerOptions } from '../soak-server';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 40);
const IDLE_SECONDS = Number(process.env.SOAK_IDLE_SECONDS ?? 15);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 50);
const USERS = Number(process.env.SOAK_USERS ?? 60);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3217) + 10;

interface Route {
  name: string;
  kind: SoakServerOptions['kind'];
  provider: SoakServerOptions['provider'];
  /** Path loaded with the signed-in sessions, or `signin` for back-to-back sign-ins (the callback). */
  path: string | 'signin';
  flow: string;
}

const ROUTES: Route[] = [
  // The frameworks' floor: a route that returns the same JSON and calls nothing.
  { name: 'next_bare', kind: 'next', provider: 'netid', path: '/api/bench/bare', flow: 'login-permission' },
  { name: 'express_bare', kind: 'express', provider: 'netid', path: '/api/bench/bare', flow: 'login-permission' },
  { name: 'next_permissions', kind: 'next', provider: 'netid', path: '/api/permissions', flow: 'login-permission' },
  { name: 'express_permissions', kind: 'express', provider: 'netid', path: '/api/permissions', flow: 'login-permission' },
  { name: 'next_upstream', kind: 'next', provider: 'duende', path: '/api/upstream/x', flow: 'login' },
  { name: 'express_upstream', kind: 'express', provider: 'duende', path: '/api/upstream/x', flow: 'login' },
  { name: 'next_callback', kind: 'next', provider: 'netid', path: 'signin', flow: 'login-permission' },
  { name: 'express_callback', kind: 'express', provider: 'netid', path: 'signin', flow: 'login-permission' },
];

/** Runs the load child (pinned to core 1) and returns its result; bounded by the run time plus a margin. */
function runLoad(input: SoakLoadInput): Promise<SoakLoadResult> {
  const [cmd, args] = pinned(1, process.execPath, ['--import', 'tsx', 'bench/soak-load.ts']);
  return new Promise((resolve, reject) => {
    // On stdin: 60 sealed session cookies are too long for one argv string.
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(JSON.stringify(input));
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), (input.seconds + 60) * 1000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`load process exited with ${code}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as SoakLoadResult);
    });
  });
}

/** Samples `server`'s RSS every SAMPLE_SECONDS until stopped. */
function sampleRss(server: SoakServer): { stop(): number[] } {
  const samples = [server.rssMb()];
  const timer = setInterval(() => samples.push(server.rssMb()), SAMPLE_SECONDS * 1000);
  return {
    stop() {
      clearInterval(timer);
      samples.push(server.rssMb());
      return samples;
    },
  };
}

interface RouteResult {
  route: Route;
  load: SoakLoadResult;
  warmMb: number;
  peakMb: number;
  idleMb: number;
  /** Share of one core the server used during the run (1 = saturated: the server was the limit). */
  cpuShare: number;
  /** Server CPU time per request in µs: what the route costs, whatever limited the throughput. */
  cpuUsPerRequest: number;
}

async function soak(route: Route, port: number): Promise<RouteResult> {
  const server = await startSoakServer({ kind: route.kind, provider: route.provider, port, sessionPassword: BENCH_SESSION_PASSWORD });
  try {
    const input = (seconds: number): SoakLoadInput =>
      route.path === 'signin'
        ? { mode: 'signin', appUrl: server.url, flow: route.flow, seconds, connections: CONNECTIONS }
        : { mode: 'requests', url: `${server.url}${route.path}`, cookies, seconds, connections: CONNECTIONS };
    const cookies = route.path === 'signin' ? [] : await signInMany(server.url, route.flow, USERS);
    const warm = await runLoad(input(WARMUP_SECONDS));
    if (warm.failures > 0) throw new Error(`${route.name}: ${warm.failures} failures during the warm-up`);
    const warmMb = server.rssMb();
    const sampler = sampleRss(server);
    const cpuBefore = server.cpuSeconds();
    const started = performance.now();
    const load = await runLoad(input(SECONDS));
    const cpu = server.cpuSeconds() - cpuBefore;
    const wall = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const samples = sampler.stop();
    return {
      route,
      load,
      warmMb,
      peakMb: Math.max(warmMb, ...samples),
      idleMb: samples.at(-1)!,
      cpuShare: cpu / wall,
      cpuUsPerRequest: load.requests ? (cpu * 1e6) / load.requests : 0,
    };
  } finally {
    await server.stop();
  }
}

export default async function run(): Promise<void> {
  // The shared app server of the other sections would compete for the cores: stop it first.
  stopAppServer();
  ensureNextBuild();
  const only = process.env.SOAK_ROUTES?.split(',').filter(Boolean);
  const routes = ROUTES.filter((r) => !only || only.includes(r.name));
  const results: RouteResult[] = [];
  for (const [i, route] of routes.entries()) {
    const r = await soak(route, BASE_PORT + i);
    results.push(r);
    const growth = ((r.peakMb / r.warmMb - 1) * 100).toFixed(0);
    out(
      `soak_${route.name}`,
      `${r.load.requests} req, ${r.load.rps} rps, p50 ${r.load.p50} ms, p99 ${r.load.p99} ms, failures ${r.load.failures}, ` +
        `rss warm ${r.warmMb} MB -> peak ${r.peakMb} MB (+${growth}%) -> after idle ${r.idleMb} MB, ` +
        `server cpu ${(r.cpuShare * 100).toFixed(0)}% of a core, ${r.cpuUsPerRequest.toFixed(0)} µs/req`,
    );
  }
  const floor = (kind: Route['kind']) => results.find((r) => r.route.kind === kind && r.route.path === '/api/bench/bare');
  for (const next of results.filter((r) => r.route.kind === 'next')) {
    const express = results.find((r) => r.route.kind === 'express' && r.route.path === next.route.path && r.route.provider === next.route.provider);
    if (!express) continue;
    const [nextFloor, expressFloor] = [floor('next'), floor('express')];
    if (nextFloor && expressFloor && next !== nextFloor) {
      // What the route costs above its framework's bare route: the library's share, per framework.
      const ours = (r: RouteResult, f: RouteResult) => Math.max(0, r.cpuUsPerRequest - f.cpuUsPerRequest).toFixed(0);
      out(`soak_${next.route.name.replace(/^next_/, '')}_above_bare_us_per_req`, `next ${ours(next, nextFloor)}, express ${ours(express, expressFloor)}`);
    }
    out(`soak_${next.route.name}_vs_express_rps_ratio`, (next.load.rps / express.load.rps).toFixed(2));
    // Express µs/req ÷ Next µs/req: the throughput ratio both would reach with a saturated server core.
    out(`soak_${next.route.name}_vs_express_cpu_per_request_ratio`, (express.cpuUsPerRequest / next.cpuUsPerRequest).toFixed(2));
  }
  const failed = results.filter((r) => r.load.failures > 0).map((r) => r.route.name);
  if (failed.length) throw new Error(`failures during the soak of ${failed.join(', ')}`);
}
