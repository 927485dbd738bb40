/**
 * Load generator of the `soak` bench section, run as its own process pinned to another core than
 * the server. Input: one JSON document on stdin; output: one JSON line ({@link SoakLoadResult}).
 * - `requests`: autocannon against one URL for a bounded time, rotating over the given Cookie
 *   headers (one per signed-in user).
 * - `signin`: `connections` workers doing full sign-ins (login → provider → callback, which calls
 *   the token endpoint) back to back until the time is up; each worker is one returning browser.
 */
import autocannon from 'autocannon';
import { BrokerCookieJar } from '../tests/helpers/broker-login';
import { signInOnce } from './soak-signin';

/** What the load child is asked to do. */
export type SoakLoadInput =
  | { mode: 'requests'; url: string; cookies: string[]; seconds: number; connections: number }
  | { mode: 'signin'; appUrl: string; flow: string; seconds: number; connections: number };

/** What it reports. */
export interface SoakLoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

async function requests(input: Extract<SoakLoadInput, { mode: 'requests' }>): Promise<SoakLoadResult> {
  let next = 0;
  const result = await autocannon({
    url: input.url,
    connections: input.connections,
    duration: input.seconds,
    pipelining: 1,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-csrf': '1', cookie: input.cookies[next++ % input.cookies.length]! } }) }],
  });
  return {
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

async function signins(input: Extract<SoakLoadInput, { mode: 'signin' }>): Promise<SoakLoadResult> {
  const started = performance.now();
  const deadline = started + input.seconds * 1000;
  const latencies: number[] = [];
  let failures = 0;
  const worker = async (i: number): Promise<void> => {
    const jar = new BrokerCookieJar();
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        await signInOnce(input.appUrl, input.flow, i % 2 ? 'erika' : 'max', jar);
        latencies.push(performance.now() - t);
      } catch {
        failures++;
        if (failures > 1000) return;
      }
    }
  };
  await Promise.all(Array.from({ length: input.connections }, (_, i) => worker(i)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0);
  return { requests: latencies.length, rps: Math.round(latencies.length / elapsed), p50: at(0.5), p99: at(0.99), failures };
}

let raw = '';
for await (const chunk of process.stdin) raw += (chunk as Buffer).toString();
const input = JSON.parse(raw || '{}') as SoakLoadInput;
if (!(input.seconds > 0) || !(input.connections > 0)) throw new Error('soak-load: seconds and connections are required');
const result = input.mode === 'signin' ? await signins(input) : await requests(input);
process.stdout.write(`${JSON.stringify(result)}\n`);
