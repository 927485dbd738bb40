/** The package works without `@opentelemetry/api` installed: an optional peer, loaded only when present. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const HOOKS = new URL('../helpers/without-otel-hooks.mjs', import.meta.url).href;

async function worker(hide: boolean): Promise<Record<string, unknown>> {
  const register = `data:text/javascript,import { register } from "node:module"; register(${JSON.stringify(HOOKS)});`;
  const args = [...(hide ? ['--import', register] : []), '--import', 'tsx', 'tests/helpers/without-otel-worker.ts'];
  const { stdout } = await run(process.execPath, args, { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('without @opentelemetry/api', () => {
  it('outbound calls and traced operations run as before, with nothing recorded', async () => {
    expect(await worker(true)).toEqual({ api: 'absent', tracing: false, metrics: false, status: 200, body: 'ok', traced: 'login' });
  }, 60_000);

  it('(the same worker sees the API when it is installed; with no SDK registered, no metric is recorded)', async () => {
    expect(await worker(false)).toMatchObject({ api: 'loaded', tracing: true, metrics: false, status: 200 });
  }, 60_000);
});
