/**
 * The simulator itself, over raw HTTP: the documented paths, media types, status codes and
 * bodies, and its token verification (signature, typ, issuer, audience, scope, expiry).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PermissionToken } from '@/lib/auth';
import { MEDIA_TYPES } from '@/lib/permission-center/internal';
import { startPermissionCenterSimulator } from 'netid-rp-testing';
import { realToken, startPermissionCenterStack, TC_STRINGS, type PermissionCenterStack } from '../helpers/permission-center';

let stack: PermissionCenterStack;
let token: PermissionToken;

beforeAll(async () => {
  stack = await startPermissionCenterStack();
  token = await realToken(stack.broker);
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => stack.sim.reset());

const readHeaders = (t = token.accessToken): Record<string, string> => ({ accept: MEDIA_TYPES.userStatus, authorization: `Bearer ${t}` });
const writeHeaders = (t = token.accessToken): Record<string, string> => ({
  accept: MEDIA_TYPES.subjectStatus,
  'content-type': MEDIA_TYPES.permissions,
  authorization: `Bearer ${t}`,
});

function read(headers = readHeaders(), query = '?q.identifier.in=TPID,SYNC_ID,ETPID') {
  return fetch(`${stack.sim.readUrl}/netid-user-status${query}`, { headers });
}
function write(body: string | undefined, headers = writeHeaders(), query = '?q.identifier.in=TPID,SYNC_ID,ETPID') {
  return fetch(`${stack.sim.writeUrl}/netid-permissions${query}`, { method: 'POST', headers, body });
}
async function statusCode(res: Response): Promise<[number, unknown]> {
  return [res.status, ((await res.json()) as { status_code?: unknown }).status_code];
}

describe('READ service', () => {
  it('answers 200 with the v2 media type and the documented body', async () => {
    const res = await read();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(MEDIA_TYPES.userStatus);
    expect(await res.json()).toEqual({
      status_code: 'PERMISSIONS_NOT_FOUND',
      subject_identifiers: { tpid: null, sync_id: null, etpid: null },
      netid_privacy_settings: {},
    });
  });

  it('answers NO_TOKEN (400) without a Bearer token and TOKEN_ERROR (400) for a bad one', async () => {
    expect(await statusCode(await read({ accept: MEDIA_TYPES.userStatus }))).toEqual([400, 'NO_TOKEN']);
    expect(await statusCode(await read({ accept: MEDIA_TYPES.userStatus, authorization: `Basic ${token.accessToken}` }))).toEqual([400, 'NO_TOKEN']);
    expect(await statusCode(await read(readHeaders(`${token.accessToken}x`)))).toEqual([400, 'TOKEN_ERROR']);
  });

  it('refuses browser-origin calls: an Origin header gets 403 TAPP_NOT_ALLOWED', async () => {
    expect(await statusCode(await read({ ...readHeaders(), origin: 'https://partner.example' }))).toEqual([403, 'TAPP_NOT_ALLOWED']);
  });

  it('answers 406 for another Accept type, 404/405 for other paths and methods', async () => {
    expect((await read({ ...readHeaders(), accept: 'application/json' })).status).toBe(406);
    expect((await fetch(`${stack.sim.readUrl}/netid-user-status`, { method: 'POST', headers: readHeaders() })).status).toBe(405);
    expect((await fetch(`${stack.sim.readUrl}/netid-permissions`, { headers: readHeaders() })).status).toBe(404);
  });
});

describe('WRITE service', () => {
  it('answers 201 with Location, the subject-status media type and subject_identifiers', async () => {
    const res = await write('{"idconsent":"VALID"}');
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe(MEDIA_TYPES.subjectStatus);
    expect(res.headers.get('location')).toBe(`${stack.sim.readUrl}/netid-permissions`);
    const body = (await res.json()) as { subject_identifiers: Record<string, string | null> };
    expect(Object.keys(body)).toEqual(['subject_identifiers']);
    expect(body.subject_identifiers.tpid).toMatch(/^[\w-]{43}$/);
  });

  it('accepts the docs’ q.identifier spelling too', async () => {
    const res = await write('{"idconsent":"VALID"}', writeHeaders(), '?q.identifier=TPID');
    expect(((await res.json()) as { subject_identifiers: object }).subject_identifiers).toMatchObject({ sync_id: null, etpid: null });
  });

  it.each([
    ['no body', undefined, 'NO_REQUEST_BODY'],
    ['invalid JSON', '{"idconsent":', 'JSON_PARSE_ERROR'],
    ['no permission set', '{}', 'NO_PERMISSIONS'],
    ['an unknown idconsent value', '{"idconsent":"MAYBE"}', 'PERMISSION_PARAMETERS_ERROR'],
    ['a malformed TC string', '{"iab_tc_string":"garbage"}', 'PERMISSION_PARAMETERS_ERROR'],
    ['the removed DATASHARE permission', '{"idconsent":"VALID","datashare":"VALID"}', 'PERMISSION_PARAMETERS_ERROR'],
  ])('%s → 400 %s, nothing stored', async (_name, body, code) => {
    expect(await statusCode(await write(body))).toEqual([400, code]);
    expect(stack.sim.status(stack.broker.users.max!.sub, 'rp-basic')).toBeUndefined();
  });

  it('stores a valid TC string', async () => {
    expect((await write(JSON.stringify({ iab_tc_string: TC_STRINGS.b }))).status).toBe(201);
    const body = (await (await read()).json()) as { netid_privacy_settings: { iab_tcstring: { value: string } } };
    expect(body.netid_privacy_settings.iab_tcstring.value).toBe(TC_STRINGS.b);
  });

  it('answers 415 for another content type and 406 for another Accept', async () => {
    expect((await write('{"idconsent":"VALID"}', { ...writeHeaders(), 'content-type': 'application/json' })).status).toBe(415);
    expect((await write('{"idconsent":"VALID"}', { ...writeHeaders(), accept: 'application/json' })).status).toBe(406);
  });
});

describe('token verification', () => {
  it('refuses a token signed by the broker key without typ at+jwt, or without the scope', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: stack.broker.issuer, sub: 's', aud: 'urn:netid:permission-center', client_id: 'rp-basic', scope: 'permission_management', iat: now, exp: now + 60 };
    expect(await statusCode(await read(readHeaders(await stack.broker.signJwt(claims))))).toEqual([400, 'TOKEN_ERROR']);
    expect(await statusCode(await read(readHeaders(await stack.broker.signJwt(claims, 'none'))))).toEqual([400, 'TOKEN_ERROR']);
  });

  it('refuses a token for another audience or issuer', async () => {
    for (const opts of [{ audience: 'urn:other' }, { issuer: 'http://127.0.0.1:1/' }]) {
      const other = await startPermissionCenterSimulator({ issuer: stack.broker.issuer, jwksUri: stack.broker.jwksUri, ...opts });
      try {
        const res = await fetch(`${other.readUrl}/netid-user-status`, { headers: readHeaders() });
        expect(await statusCode(res)).toEqual([400, 'TOKEN_ERROR']);
      } finally {
        await other.close();
      }
    }
  });

  it('refuses an expired token', async () => {
    const short = await startPermissionCenterStack({ permissionTokenTtl: 1 });
    try {
      const t = await realToken(short.broker);
      await new Promise((r) => setTimeout(r, 1100));
      const res = await fetch(`${short.sim.readUrl}/netid-user-status`, { headers: readHeaders(t.accessToken) });
      expect(await statusCode(res)).toEqual([400, 'TOKEN_ERROR']);
    } finally {
      await short.close();
    }
  });

  it('never records a token or a password', async () => {
    await read();
    await fetch(`${stack.sim.exportUrl}/netid-permissions/`, { headers: { authorization: 'Basic dTpw' } });
    expect(JSON.stringify(stack.sim.requests)).not.toContain(token.accessToken);
    expect(JSON.stringify(stack.sim.requests)).not.toContain('dTpw');
  });
});
