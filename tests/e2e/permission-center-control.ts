/**
 * The e2e run's Permission Center simulator, driven from the test process through its control
 * server (packages/netid-rp-testing/src/permission-center/control.ts), which scripts/dev.ts starts for the first
 * web server of playwright.config.ts: take it down, make it slow, read what it stores.
 */
import { expect } from './fixtures';
import { E2E_PC_CONTROL_URL } from '../../playwright.config';

/** The reference app's client at the dev broker: DEV_CLIENT of packages/netid-rp-testing/src/embedded-stack.ts (not imported: that would load the broker here). */
const DEV_CLIENT_ID = 'netid-dev-client';

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${E2E_PC_CONTROL_URL}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  expect(res.status, `${method} ${path}`).toBe(200);
  return res.json();
}

/** Sets the simulator's fault switches (`down`: connections dropped before anything is stored; `latencyMs`: slow). */
export async function setPermissionCenterFaults(faults: { down?: boolean; latencyMs?: number }): Promise<void> {
  await call('PUT', '/faults', faults);
}

/** Turns every fault off. */
export async function resetPermissionCenterFaults(): Promise<void> {
  await call('DELETE', '/faults');
}

/** The TC string the simulator holds for `sub` at the reference app (its dev client), or null. */
export async function storedTcString(sub: string): Promise<string | null> {
  const status = (await call('GET', `/status?sub=${encodeURIComponent(sub)}&client_id=${encodeURIComponent(DEV_CLIENT_ID)}`)) as {
    iab_tcstring?: { value: string };
  } | null;
  return status?.iab_tcstring?.value ?? null;
}

/** Waits (up to `timeout` ms) until the simulator holds `tcString` for `sub`. */
export async function expectStored(sub: string, tcString: string, timeout = 20_000): Promise<void> {
  await expect.poll(() => storedTcString(sub), { timeout, message: 'the Permission Center simulator holds the TC string' }).toBe(tcString);
}
