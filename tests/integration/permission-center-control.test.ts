/**
 * The simulator's control server (what the browser tests use to take the Permission Center down
 * or make it slow from another process) and its `down` switch: down means nothing is stored.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PermissionToken } from '@/lib/auth';
import { MEDIA_TYPES } from '@/lib/permission-center/internal';
import { startPermissionCenterControl, type PermissionCenterControl } from 'netid-rp-testing';
import { realToken, startPermissionCenterStack, TC_STRINGS, type PermissionCenterStack } from '../helpers/permission-center';

let stack: PermissionCenterStack;
let control: PermissionCenterControl;
let token: PermissionToken;

beforeAll(async () => {
  stack = await startPermissionCenterStack();
  token = await realToken(stack.broker);
  control = await startPermissionCenterControl(stack.sim);
});
afterAll(async () => {
  await control?.close();
  await stack?.close();
});
beforeEach(() => {
  stack.sim.reset();
  stack.sim.resetFaults();
});

function writeTc(tc: string) {
  return fetch(`${stack.sim.writeUrl}/netid-permissions`, {
    method: 'POST',
    headers: { accept: MEDIA_TYPES.subjectStatus, 'content-type': MEDIA_TYPES.permissions, authorization: `Bearer ${token.accessToken}` },
    body: JSON.stringify({ iab_tc_string: tc }),
    signal: AbortSignal.timeout(5000),
  });
}
const put = (body: unknown) => fetch(`${control.url}/faults`, { method: 'PUT', body: JSON.stringify(body) });
const subject = () => JSON.parse(Buffer.from(token.accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string; client_id?: string; azp?: string };

describe('control server', () => {
  it('down: the connection drops before anything is stored; DELETE /faults brings the service back', async () => {
    expect((await put({ down: true })).status).toBe(200);
    expect(stack.sim.faults.down).toBe(true);
    await expect(writeTc(TC_STRINGS.a)).rejects.toThrow();
    const { sub } = subject();
    const clientId = subject().client_id ?? subject().azp ?? '';
    const none = await fetch(`${control.url}/status?sub=${encodeURIComponent(sub)}&client_id=${encodeURIComponent(clientId)}`);
    expect(await none.json()).toBeNull();

    expect((await fetch(`${control.url}/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await writeTc(TC_STRINGS.a)).status).toBe(201);
    const stored = await fetch(`${control.url}/status?sub=${encodeURIComponent(sub)}&client_id=${encodeURIComponent(clientId)}`);
    expect(((await stored.json()) as { iab_tcstring: { value: string } }).iab_tcstring.value).toBe(TC_STRINGS.a);
  });

  it('latency: sets the delay of every answer', async () => {
    expect((await put({ latencyMs: 300 })).status).toBe(200);
    const started = Date.now();
    expect((await writeTc(TC_STRINGS.a)).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('refuses a bad body with 400 and leaves the switches alone', async () => {
    expect((await put({ latencyMs: -1 })).status).toBe(400);
    expect((await put({ down: 'yes' })).status).toBe(400);
    expect((await put({ services: ['nope'] })).status).toBe(400);
    expect((await fetch(`${control.url}/faults`, { method: 'PUT', body: '{' })).status).toBe(400);
    expect(stack.sim.faults).toEqual({ latencyMs: 0, fail: null, services: null, down: false });
    expect((await fetch(`${control.url}/status`)).status).toBe(400);
  });
});
