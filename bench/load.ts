import autocannon from 'autocannon';

/** Result of one load run. */
export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

/** Runs autocannon against one URL on loopback for a bounded time. */
export async function load(url: string, headers: Record<string, string>, seconds: number, connections = 20): Promise<LoadResult> {
  const result = await autocannon({ url, headers, duration: seconds, connections, pipelining: 1 });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}
