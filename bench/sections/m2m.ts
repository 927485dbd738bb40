/**
 * M2M token source: token requests for 1,000 concurrent getToken() (must be 1), p50 of a cached
 * getToken(), and p50 of source.fetch vs a plain fetch with a fixed header to the same local API.
 * Bounded (fixed iteration counts) and loopback only (the Screening Eagle-style simulator).
 */
import { performance } from 'node:perf_hooks';
import { startScreeningEagleSimulator } from 'netid-rp-testing';
import { createTokenSource } from '../../lib/m2m';
import { out } from '../output';

const CACHED_ITERATIONS = 20_000;
const FETCH_ITERATIONS = 600;
const WARMUP = 100;

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export default async function run(): Promise<void> {
  const sim = await startScreeningEagleSimulator();
  try {
    const source = createTokenSource({ tokenUrl: sim.tokenUrl, clientId: 'integration-dev', clientSecret: 'dev-secret', scope: 'inspect' });
    await Promise.all(Array.from({ length: 1000 }, () => source.getToken()));
    out('m2m_token_requests_for_1000_concurrent_get_token', sim.stats.token);
    if (sim.stats.token !== 1) throw new Error(`expected 1 token request, saw ${sim.stats.token}`);

    await timeEach(WARMUP * 10, () => source.getToken());
    out('m2m_cached_get_token_p50_us', (p50(await timeEach(CACHED_ITERATIONS, () => source.getToken())) * 1000).toFixed(2));

    const { accessToken } = await source.getToken();
    const headers = { authorization: `Bearer ${accessToken}` };
    const plain = async () => (await fetch(sim.apiUrl, { headers })).arrayBuffer();
    const viaSource = async () => (await source.fetch(sim.apiUrl)).arrayBuffer();
    await timeEach(WARMUP, plain);
    await timeEach(WARMUP, viaSource);
    // Interleaved halves, so a noisy moment on a small box hits both sides alike.
    const plainSamples: number[] = [];
    const sourceSamples: number[] = [];
    for (let round = 0; round < 2; round++) {
      plainSamples.push(...(await timeEach(FETCH_ITERATIONS / 2, plain)));
      sourceSamples.push(...(await timeEach(FETCH_ITERATIONS / 2, viaSource)));
    }
    const plainP50 = p50(plainSamples);
    const sourceP50 = p50(sourceSamples);
    out('m2m_plain_fetch_p50_ms', plainP50.toFixed(3));
    out('m2m_source_fetch_p50_ms', sourceP50.toFixed(3));
    out('m2m_source_fetch_overhead_ratio', (sourceP50 / plainP50).toFixed(2));
    out('m2m_token_requests_total', sim.stats.token);
  } finally {
    await sim.close();
  }
}
