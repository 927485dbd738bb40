import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSource, M2MError } from '@/lib/m2m';
import { startIshareSimulator, type IshareSimulator } from '@/packages/netid-rp-testing/src/m2m/ishare';
import { createTestCa, type ClientCredentials } from '@/packages/netid-rp-testing/src/m2m/test-pki';
import { ishareAssertion, postIshare, x5cOf } from '../helpers/m2m-assertion';

const PARTY = 'EU.EORI.NL000000001';
let sim: IshareSimulator;
let party: ClientCredentials;
let weak: ClientCredentials;
let foreign: ClientCredentials;
let other: ClientCredentials;

beforeAll(async () => {
  sim = await startIshareSimulator({ clients: [PARTY] });
  party = sim.clients[PARTY]!;
  [weak, foreign, other] = await Promise.all([
    sim.issueClient('EU.EORI.NL000000002', 1024),
    createTestCa().then((ca) => ca.issue({ eori: PARTY })),
    sim.issueClient('EU.EORI.NL000000003'),
  ]);
});
afterAll(() => sim.close());

describe('iSHARE simulator verifies the client assertion', () => {
  it('accepts a correct hand-made assertion and issues an opaque token: Bearer, expires_in 3600, scope iSHARE', async () => {
    const { status, body } = await postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori));
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'iSHARE' });
    expect(String(body.access_token).split('.')).toHaveLength(1);
  });

  const broken: Array<[string, () => Promise<{ status: number; body: Record<string, unknown> }>, string, RegExp]> = [
    ['aud is the token URL, not the server EORI', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.tokenUrl)), 'invalid_client', /: aud\)/],
    ['exp is iat + 60', () => { const iat = Math.floor(Date.now() / 1000); return postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { payload: { iat, exp: iat + 60 } })); }, 'invalid_client', /exp must be iat \+ 30/],
    ['x5c is missing', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { header: { x5c: undefined } })), 'invalid_client', /x5c header missing/],
    ['typ is not JWT', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { header: { typ: 'at+jwt' } })), 'invalid_client', /typ must be JWT/],
    ['alg is not RS256', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { header: { alg: 'RS384' } })), 'invalid_client', /alg must be RS256/],
    ['iss differs from client_id', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { payload: { iss: 'EU.EORI.NL999999999' } })), 'invalid_client', /: iss\)/],
    ['sub differs from client_id', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { payload: { sub: 'EU.EORI.NL999999999' } })), 'invalid_client', /: sub\)/],
    ['the assertion expired', () => { const iat = Math.floor(Date.now() / 1000) - 120; return postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { payload: { iat, nbf: iat, exp: iat + 30 } })); }, 'invalid_client', /ERR_JWT_EXPIRED/],
    ['the key is 1024 bits', () => postIshare(sim.tokenUrl, weak.eori, ishareAssertion(weak, sim.serverEori)), 'invalid_client', /at least 2048 bits/],
    ['the chain leads to another CA', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(foreign, sim.serverEori)), 'invalid_client', /trusted CA/],
    ['x5c belongs to another party than client_id', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion({ ...other, eori: PARTY }, sim.serverEori)), 'invalid_client', /does not belong to client_id/],
    ['the signature is not by the x5c leaf', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion({ ...foreign, certChainPem: party.certChainPem }, sim.serverEori)), 'invalid_client', /SIGNATURE_VERIFICATION_FAILED/],
    ['jti is missing', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { payload: { jti: undefined } })), 'invalid_client', /: jti\)/],
    ['client_assertion_type is wrong', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori), { client_assertion_type: 'urn:x' }), 'invalid_request', /client_assertion_type/],
    ['grant_type is wrong', () => postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori), { grant_type: 'password' }), 'invalid_request', /grant_type/],
  ];
  it.each(broken)('rejects it when %s', async (_name, send, error, reason) => {
    const { status, body } = await send();
    expect(status).toBe(400);
    expect(body.error).toBe(error);
    expect(body.error_description).toMatch(reason);
  });

  it('rejects a replayed jti', async () => {
    const assertion = ishareAssertion(party, sim.serverEori);
    expect((await postIshare(sim.tokenUrl, PARTY, assertion)).status).toBe(200);
    expect(await postIshare(sim.tokenUrl, PARTY, assertion)).toMatchObject({ status: 400, body: { error: 'invalid_client', error_description: 'jti replayed' } });
  });

  it('accepts a chain without the CA certificate (leaf only)', async () => {
    const leafOnly = x5cOf(party.certChainPem).slice(0, 1);
    expect((await postIshare(sim.tokenUrl, PARTY, ishareAssertion(party, sim.serverEori, { header: { x5c: leafOnly } }))).status).toBe(200);
  });
});

describe('the token source against the iSHARE simulator', () => {
  const profile = (o = {}) => ({
    tokenUrl: sim.tokenUrl, clientId: PARTY, auth: 'private_key_jwt' as const, assertionProfile: 'ishare' as const,
    audience: sim.serverEori, privateKey: party.privateKeyPem, certChain: party.certChainPem, timeoutMs: 2000, ...o,
  });

  it('gets a token with a PKCS#8 key and one with a PKCS#1 key, and the API sees them', async () => {
    for (const privateKey of [party.privateKeyPem, party.privateKeyPkcs1Pem]) {
      const source = createTokenSource(profile({ privateKey }));
      const token = await source.getToken();
      expect(token.scope).toBe('iSHARE');
      const res = await source.fetch(sim.apiUrl);
      expect(await res.json()).toEqual({ client_id: PARTY, scope: 'iSHARE', token_suffix: token.accessToken.slice(-6) });
    }
  });

  it('signs a fresh assertion for every request (no jti replay on renewal)', async () => {
    const source = createTokenSource(profile());
    await source.getToken();
    await expect(source.getToken({ forceRenew: true })).resolves.toBeTruthy();
  });

  it('reports the server refusal as token_endpoint_error with status 400 and invalid_client', async () => {
    const source = createTokenSource(profile({ audience: 'EU.EORI.NL000000099' }));
    const err = (await source.getToken().catch((e: unknown) => e)) as M2MError;
    expect(err).toBeInstanceOf(M2MError);
    expect(err).toMatchObject({ code: 'token_endpoint_error', status: 400, serverError: 'invalid_client' });
  });

  it('refuses a 1024-bit key before any request', () => {
    expect(() => createTokenSource(profile({ privateKey: weak.privateKeyPem, certChain: weak.certChainPem }))).toThrow(/at least 2048 bits/);
  });
});
