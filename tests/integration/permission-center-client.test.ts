/**
 * Contract tests of the Permission Center client against the simulator, with real tokens from
 * real sign-ins at the embedded broker: every documented outcome and every fault switch.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PermissionToken } from '@/lib/auth';
import { MEDIA_TYPES } from '@/lib/permission-center/internal';
import { PermissionCenterError, type PermissionCenterErrorCode, type PermissionCenterStatusCode } from '@/lib/permission-center';
import type { PermissionCenterFault } from 'netid-rp-testing';
import { realToken, simulatorClient, startPermissionCenterStack, TC_STRINGS, type PermissionCenterStack } from '../helpers/permission-center';

let stack: PermissionCenterStack;
let max: PermissionToken;
let erika: PermissionToken;
let maxAtPost: PermissionToken;
let maxSub: string;

beforeAll(async () => {
  stack = await startPermissionCenterStack();
  [max, erika, maxAtPost] = await Promise.all([
    realToken(stack.broker, { user: 'max' }),
    realToken(stack.broker, { user: 'erika' }),
    realToken(stack.broker, { user: 'max', client: 'post' }),
  ]);
  maxSub = stack.broker.users.max!.sub;
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.sim.reset();
  stack.sim.requests.length = 0;
});
afterEach(() => {
  stack.sim.resetFaults();
  stack.sim.deletedSubjects.clear();
  stack.sim.disallowedTapps.clear();
});

const pc = () => simulatorClient(stack.sim);

async function failure(promise: Promise<unknown>): Promise<PermissionCenterError> {
  const error = await promise.then(
    () => new Error('expected a PermissionCenterError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PermissionCenterError);
  return error as PermissionCenterError;
}

describe('read and write (documented success paths)', () => {
  it('a user without a privacy status reads PERMISSIONS_NOT_FOUND (a 200, not an error)', async () => {
    expect(await pc().readStatus(max)).toEqual({
      status_code: 'PERMISSIONS_NOT_FOUND',
      subject_identifiers: { tpid: null, sync_id: null, etpid: null },
      netid_privacy_settings: {},
    });
  });

  it('granting ID consent releases TPID, SYNC_ID and ETPID, read back with changed_at', async () => {
    const before = Date.now();
    const written = await pc().writePermissions(max, { idconsent: 'VALID' });
    const ids = stack.sim.identifiersFor(maxSub, 'rp-basic');
    expect(written.subject_identifiers).toEqual(ids);
    const status = await pc().readStatus(max);
    expect(status.status_code).toBe('PERMISSIONS_FOUND');
    expect(status.subject_identifiers).toEqual(ids);
    expect(status.netid_privacy_settings.idconsent?.status).toBe('VALID');
    expect(Date.parse(status.netid_privacy_settings.idconsent!.changed_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(status.netid_privacy_settings.iab_tcstring).toBeUndefined();
  });

  it('revoking hides TPID and ETPID but keeps SYNC_ID (a privacy status exists)', async () => {
    await pc().writePermissions(max, { idconsent: 'VALID' });
    const revoked = await pc().writePermissions(max, { idconsent: 'INVALID' });
    expect(revoked.subject_identifiers).toEqual({ tpid: null, sync_id: stack.sim.identifiersFor(maxSub, 'rp-basic').sync_id, etpid: null });
    const status = await pc().readStatus(max);
    expect(status.netid_privacy_settings.idconsent?.status).toBe('INVALID');
    expect(status.subject_identifiers.tpid).toBeNull();
    expect(status.subject_identifiers.sync_id).not.toBeNull();
  });

  it('stores a TC string (written as iab_tc_string, read as iab_tcstring); changed_at moves only on change', async () => {
    await pc().writePermissions(max, { idconsent: 'VALID' });
    const first = (await pc().readStatus(max)).netid_privacy_settings.idconsent!.changed_at;
    await new Promise((r) => setTimeout(r, 5));
    await pc().writePermissions(max, { idconsent: 'VALID', iab_tc_string: TC_STRINGS.a });
    const status = await pc().readStatus(max);
    expect(status.netid_privacy_settings.iab_tcstring?.value).toBe(TC_STRINGS.a);
    expect(status.netid_privacy_settings.idconsent!.changed_at).toBe(first);
    expect(stack.sim.status(maxSub, 'rp-basic')?.iab_tcstring?.value).toBe(TC_STRINGS.a);
  });

  it('returns only the identifiers asked for', async () => {
    await pc().writePermissions(max, { idconsent: 'VALID' });
    const status = await pc().readStatus(max, { identifiers: ['SYNC_ID'] });
    expect(status.subject_identifiers).toEqual({ tpid: null, sync_id: stack.sim.identifiersFor(maxSub, 'rp-basic').sync_id, etpid: null });
    expect(stack.sim.requests.at(-1)!.url).toBe('/netid-user-status?q.identifier.in=SYNC_ID');
  });

  it('keeps state per user and per partner: one TPID per user, one SYNC_ID per partner', async () => {
    await pc().writePermissions(max, { idconsent: 'VALID' });
    await pc().writePermissions(maxAtPost, { idconsent: 'VALID' });
    await pc().writePermissions(erika, { idconsent: 'VALID' });
    const a = (await pc().readStatus(max)).subject_identifiers;
    const b = (await pc().readStatus(maxAtPost)).subject_identifiers;
    const e = (await pc().readStatus(erika)).subject_identifiers;
    expect(a.tpid).toBe(b.tpid);
    expect(a.sync_id).not.toBe(b.sync_id);
    expect(a.tpid).not.toBe(e.tpid);
    await pc().writePermissions(maxAtPost, { idconsent: 'INVALID' });
    expect((await pc().readStatus(max)).netid_privacy_settings.idconsent?.status).toBe('VALID');
  });
});

describe('what goes on the wire', () => {
  it('sends the documented paths, query key, media types and a Bearer token, and never an Origin header', async () => {
    await pc().readStatus(max);
    await pc().writePermissions(max, { idconsent: 'VALID' });
    const [read, write] = stack.sim.requests;
    expect(read).toMatchObject({ service: 'read', method: 'GET', url: '/netid-user-status?q.identifier.in=TPID,SYNC_ID,ETPID' });
    expect(read!.headers).toMatchObject({ accept: MEDIA_TYPES.userStatus, authorization: 'Bearer' });
    expect(write).toMatchObject({ service: 'write', method: 'POST', url: '/netid-permissions?q.identifier.in=TPID,SYNC_ID,ETPID', status: 201 });
    expect(write!.headers).toMatchObject({
      accept: MEDIA_TYPES.subjectStatus,
      'content-type': MEDIA_TYPES.permissions,
      authorization: 'Bearer',
    });
    for (const r of [read!, write!]) expect(r.headers.origin).toBeUndefined();
  });

  it('refuses an empty write or a malformed TC string locally: nothing is sent', async () => {
    expect((await failure(pc().writePermissions(max, {}))).code).toBe('INVALID_REQUEST');
    expect((await failure(pc().writePermissions(max, { iab_tc_string: 'garbage' }))).code).toBe('INVALID_REQUEST');
    expect((await failure(pc().readStatus(max, { identifiers: ['EMAIL' as 'TPID'] }))).code).toBe('INVALID_REQUEST');
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('refuses an expired token locally (TOKEN_EXPIRED), without a request', async () => {
    const expired = { ...max, expiresAt: Math.floor(Date.now() / 1000) + 5 };
    expect((await failure(pc().readStatus(expired))).code).toBe('TOKEN_EXPIRED');
    expect(stack.sim.requests).toHaveLength(0);
  });

  it('never retries a write', async () => {
    stack.sim.faults.fail = 'server_error';
    await failure(pc().writePermissions(max, { idconsent: 'VALID' }));
    expect(stack.sim.requests.filter((r) => r.service === 'write')).toHaveLength(1);
  });
});

describe('documented error status codes', () => {
  const codes: [PermissionCenterStatusCode, number][] = [
    ['NO_TOKEN', 400],
    ['TOKEN_ERROR', 400],
    ['NO_PERMISSIONS', 400],
    ['JSON_PARSE_ERROR', 400],
    ['NO_REQUEST_BODY', 400],
    ['PERMISSION_PARAMETERS_ERROR', 400],
    ['TAPP_NOT_ALLOWED', 403],
    ['TPID_EXISTENCE_ERROR', 410],
  ];
  it.each(codes)('%s becomes its own typed error with HTTP %i (read and write)', async (code, status) => {
    stack.sim.faults.fail = { status_code: code };
    for (const call of [pc().readStatus(max), pc().writePermissions(max, { idconsent: 'VALID' })]) {
      const error = await failure(call);
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
    }
  });

  it('TOKEN_ERROR for a token the simulator cannot verify', async () => {
    const error = await failure(pc().readStatus({ accessToken: 'not-a-token', expiresAt: Math.floor(Date.now() / 1000) + 600 }));
    expect(error).toMatchObject({ code: 'TOKEN_ERROR', status: 400 });
  });

  it('TAPP_NOT_ALLOWED for a partner that is not allowed', async () => {
    stack.sim.disallowedTapps.add('rp-basic');
    expect(await failure(pc().readStatus(max))).toMatchObject({ code: 'TAPP_NOT_ALLOWED', status: 403 });
    expect((await pc().readStatus(maxAtPost)).status_code).toBe('PERMISSIONS_NOT_FOUND');
  });

  it('TPID_EXISTENCE_ERROR once the account is deleted', async () => {
    stack.sim.deletedSubjects.add(maxSub);
    expect(await failure(pc().writePermissions(max, { idconsent: 'VALID' }))).toMatchObject({ code: 'TPID_EXISTENCE_ERROR', status: 410 });
    expect((await pc().readStatus(erika)).status_code).toBe('PERMISSIONS_NOT_FOUND');
  });
});

describe('fault switches', () => {
  const upstream: [string, PermissionCenterFault, number][] = [
    ['a 500', 'server_error', 500],
    ['an HTML error page', 'html', 502],
    ['an HTML page with 200', 'html_ok', 200],
    ['a wrong content type', 'wrong_content_type', 200],
    ['a body that breaks the schema', 'malformed_body', 200],
    ['an unknown status_code', 'unknown_status_code', 400],
  ];
  it.each(upstream)('%s becomes UPSTREAM_ERROR with the HTTP status, never a crash', async (_name, fault, status) => {
    stack.sim.faults.fail = fault;
    stack.sim.faults.services = ['read'];
    const error = await failure(pc().readStatus(max));
    expect(error).toMatchObject({ code: 'UPSTREAM_ERROR', status });
    expect(error.message).not.toMatch(/<html|Bad Gateway|Internal Server Error/i);
  });

  it('a write answered with the wrong media type is an UPSTREAM_ERROR too', async () => {
    stack.sim.faults.fail = 'wrong_content_type';
    expect(await failure(pc().writePermissions(max, { idconsent: 'VALID' }))).toMatchObject({ code: 'UPSTREAM_ERROR', status: 201 });
  });

  it('latency within the timeout is fine; beyond it is TIMEOUT', async () => {
    stack.sim.faults.latencyMs = 300;
    expect((await pc().readStatus(max, { timeoutMs: 1500 })).status_code).toBe('PERMISSIONS_NOT_FOUND');
    const started = Date.now();
    expect(await failure(pc().readStatus(max, { timeoutMs: 100 }))).toMatchObject({ code: 'TIMEOUT', status: undefined });
    expect(Date.now() - started).toBeLessThan(290);
  });

  it('faults can target one service only', async () => {
    stack.sim.faults.fail = { status_code: 'TOKEN_ERROR' };
    stack.sim.faults.services = ['write'];
    expect((await pc().readStatus(max)).status_code).toBe('PERMISSIONS_NOT_FOUND');
    expect((await failure(pc().writePermissions(max, { idconsent: 'VALID' }))).code).toBe('TOKEN_ERROR');
  });

  it('a dropped connection or a closed port is UNREACHABLE', async () => {
    stack.sim.faults.fail = 'drop_connection';
    expect(await failure(pc().readStatus(max))).toMatchObject({ code: 'UNREACHABLE', status: undefined });
    const closed = simulatorClient(stack.sim, { PERMISSION_CENTER_READ_URL: 'http://127.0.0.1:9' });
    expect((await failure(closed.readStatus(max))).code satisfies PermissionCenterErrorCode).toBe('UNREACHABLE');
  });

  it('a caller abort is rethrown as the caller’s reason, not mapped', async () => {
    stack.sim.faults.latencyMs = 500;
    const controller = new AbortController();
    const call = pc().readStatus(max, { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(call).rejects.toThrow('stop');
  });
});
