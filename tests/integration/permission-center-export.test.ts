/** The data export client and `npm run export` against the simulator's export service. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_TYPES } from '@/lib/permission-center/internal';
import { createExportClient, parseExportConfig, PermissionCenterError, type ExportConfig } from '@/lib/permission-center';
import { startPermissionCenterSimulator, type PermissionCenterSimulator } from 'netid-rp-testing';
import { realToken, simulatorClient, startPermissionCenterStack, TC_STRINGS, type PermissionCenterStack } from '../helpers/permission-center';

const run = promisify(execFile);
let stack: PermissionCenterStack;
let sim: PermissionCenterSimulator;
let start: string;

beforeAll(async () => {
  stack = await startPermissionCenterStack();
  // A second simulator with restricted export credentials, on the same broker.
  sim = await startPermissionCenterSimulator({
    issuer: stack.broker.issuer,
    jwksUri: stack.broker.jwksUri,
    exportCredentials: { username: 'partner', password: 'pa:ss wörd', tappIds: ['rp-basic', 'rp-post'], cmpIds: ['cmp-1'] },
  });
  start = new Date(Date.now() - 1000).toISOString();
  const [max, erika, maxPost] = await Promise.all([
    realToken(stack.broker, { user: 'max' }),
    realToken(stack.broker, { user: 'erika' }),
    realToken(stack.broker, { user: 'max', client: 'post' }),
  ]);
  const pc = simulatorClient(sim);
  await pc.writePermissions(max, { idconsent: 'VALID', iab_tc_string: TC_STRINGS.a });
  await pc.writePermissions(max, { idconsent: 'INVALID' });
  await pc.writePermissions(erika, { idconsent: 'VALID' });
  await pc.writePermissions(maxPost, { idconsent: 'VALID' });
});
afterAll(async () => {
  await sim?.close();
  await stack?.close();
});

function config(overrides: Partial<ExportConfig> = {}): ExportConfig {
  return { exportUrl: sim.exportUrl, username: 'partner', password: 'pa:ss wörd', tappId: undefined, timeoutMs: 2000, ...overrides };
}

describe('export client', () => {
  it('exports the audit log of one partner with sync_id, sending HTTP Basic and the audit media type', async () => {
    const records = await createExportClient(config()).exportPermissions({ tappId: 'rp-basic', since: start });
    expect(records.map((r) => [r.type, r.status ?? r.value])).toEqual([
      ['IDCONSENT', 'VALID'],
      ['IAB_TC_STRING', TC_STRINGS.a],
      ['IDCONSENT', 'INVALID'],
      ['IDCONSENT', 'VALID'],
    ]);
    const maxSync = sim.identifiersFor(stack.broker.users.max!.sub, 'rp-basic').sync_id;
    expect(records[0]).toMatchObject({ tapp_id: 'rp-basic', sync_id: maxSync, changed_at: expect.any(String) });
    expect(records[0]!.tpid).toBeUndefined();
    const request = sim.requests.at(-1)!;
    expect(request.url).toBe(`/netid-permissions/?q.tapp_id.eq=rp-basic&q.date.ge=${encodeURIComponent(start)}`);
    expect(request.headers).toMatchObject({ accept: MEDIA_TYPES.exportAudit, authorization: 'Basic' });
  });

  it('exports with tpid instead of sync_id on the plain media type', async () => {
    const records = await createExportClient(config()).exportPermissions({ tappId: 'rp-basic', since: start, withSyncId: false });
    expect(records[0]!.tpid).toBe(sim.identifiersFor(stack.broker.users.max!.sub, 'rp-basic').tpid);
    expect(sim.requests.at(-1)!.headers.accept).toBe(MEDIA_TYPES.exportPlain);
  });

  it('exports several partners of one CMP', async () => {
    const records = await createExportClient(config()).exportPermissions({ cmpId: 'cmp-1', tappIds: ['rp-basic', 'rp-post'], since: start });
    expect(records.filter((r) => r.tapp_id === 'rp-post')).toHaveLength(1);
    expect(records.filter((r) => r.tapp_id === 'rp-basic')).toHaveLength(4);
    expect(sim.requests.at(-1)!.headers.accept).toBe(MEDIA_TYPES.exportCmpAudit);
  });

  it('filters by q.date.ge', async () => {
    expect(await createExportClient(config()).exportPermissions({ tappId: 'rp-basic', since: '2999-01-01' })).toEqual([]);
  });

  it.each([
    ['wrong credentials', { password: 'nope' }, { tappId: 'rp-basic' }, 'EXPORT_UNAUTHORIZED', 401],
    ['a partner the credentials may not export', {}, { tappId: 'rp-es256' }, 'EXPORT_FORBIDDEN', 403],
    ['a CMP the credentials may not export', {}, { cmpId: 'cmp-2', tappIds: ['rp-basic'] }, 'EXPORT_FORBIDDEN', 403],
  ] as const)('%s → %s', async (_name, overrides, query, code, status) => {
    const q = 'cmpId' in query ? { ...query, tappIds: [...query.tappIds], since: start } : { ...query, since: start };
    const error = await createExportClient(config(overrides)).exportPermissions(q).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionCenterError);
    expect(error).toMatchObject({ code, status });
  });

  it('refuses a date that does not parse before sending anything', async () => {
    const count = sim.requests.length;
    await expect(createExportClient(config()).exportPermissions({ tappId: 'rp-basic', since: 'yesterday' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect(sim.requests.length).toBe(count);
  });

  it('maps a 400 from the service to EXPORT_BAD_REQUEST', async () => {
    sim.faults.fail = 'unknown_status_code';
    try {
      await expect(createExportClient(config()).exportPermissions({ tappId: 'rp-basic', since: start })).rejects.toMatchObject({
        code: 'EXPORT_BAD_REQUEST',
        status: 400,
      });
    } finally {
      sim.resetFaults();
    }
  });
});

describe('npm run export', () => {
  const env = () => ({
    ...process.env,
    PERMISSION_CENTER_EXPORT_URL: sim.exportUrl,
    PERMISSION_CENTER_EXPORT_USERNAME: 'partner',
    PERMISSION_CENTER_EXPORT_PASSWORD: 'pa:ss wörd',
    PERMISSION_CENTER_EXPORT_TAPP_ID: 'rp-basic',
  });

  it('prints one JSON object per record and exits 0', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/export.ts', '--since', start], { env: env() });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ tapp_id: 'rp-basic', type: 'IDCONSENT', status: 'VALID' });
  });

  it('exits non-zero with a JSON error on stderr, never printing the password', async () => {
    const failure = await run('npx', ['tsx', 'scripts/export.ts', '--since', start], {
      env: { ...env(), PERMISSION_CENTER_EXPORT_PASSWORD: 'wrong-secret' },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect('code' in failure && failure.code).toBe(1);
    const line = failure.stderr.trim().split('\n').at(-1)!;
    expect(JSON.parse(line)).toEqual({ error: 'EXPORT_UNAUTHORIZED', status: 401, message: expect.any(String) });
    expect(failure.stderr + failure.stdout).not.toContain('wrong-secret');
  });

  it('exits 2 without --since', async () => {
    const failure = await run('npx', ['tsx', 'scripts/export.ts'], { env: env() }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failure && failure.code).toBe(2);
    expect(failure.stderr).toContain('"error":"usage"');
  });
});

it('parseExportConfig reads the documented variables', () => {
  expect(
    parseExportConfig({
      PERMISSION_CENTER_EXPORT_URL: 'http://127.0.0.1:1/',
      PERMISSION_CENTER_EXPORT_USERNAME: 'u',
      PERMISSION_CENTER_EXPORT_PASSWORD: 'p',
      PERMISSION_CENTER_EXPORT_TAPP_ID: 't',
      PERMISSION_CENTER_EXPORT_TIMEOUT_MS: '1000',
    }),
  ).toEqual({ exportUrl: 'http://127.0.0.1:1', username: 'u', password: 'p', tappId: 't', timeoutMs: 1000 });
});
