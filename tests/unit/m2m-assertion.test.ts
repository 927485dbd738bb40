import { X509Certificate } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenSource, type M2MProfile } from '@/lib/m2m';
import { createTestCa, type ClientCredentials } from '@/packages/netid-rp-testing/src/m2m/test-pki';
import { x5cOf } from '../helpers/m2m-assertion';

const TOKEN_URL = 'https://ishare.example/connect/token';
let party: ClientCredentials;
beforeAll(async () => {
  party = await (await createTestCa()).issue({ eori: 'EU.EORI.NL000000001' });
});

/** Runs getToken against a fake fetch and returns the form bodies it sent. */
async function capture(profile: M2MProfile, calls = 1): Promise<URLSearchParams[]> {
  const bodies: URLSearchParams[] = [];
  const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(new URLSearchParams(String(init?.body)));
    return new Response(JSON.stringify({ access_token: `t${bodies.length}`, token_type: 'Bearer', expires_in: 3600 }), { status: 200 });
  }) as typeof fetch;
  const source = createTokenSource(profile, { fetch: fakeFetch });
  for (let i = 0; i < calls; i++) await source.getToken({ forceRenew: true });
  return bodies;
}

const ishare = (): M2MProfile => ({
  tokenUrl: TOKEN_URL, clientId: party.eori, auth: 'private_key_jwt', assertionProfile: 'ishare',
  audience: 'EU.EORI.NL000000000', privateKey: party.privateKeyPem, certChain: party.certChainPem,
});

describe('the iSHARE client assertion', () => {
  it('has header alg RS256, typ JWT, x5c (leaf first) and no kid', async () => {
    const [body] = await capture(ishare());
    expect(body!.get('client_id')).toBe(party.eori);
    expect(body!.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(body!.get('client_secret')).toBeNull();
    const header = decodeProtectedHeader(body!.get('client_assertion')!);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', x5c: x5cOf(party.certChainPem) });
  });

  it('has iss = sub = client EORI, aud = server EORI, exp = iat + 30, nbf = iat, a random jti; signed by the leaf', async () => {
    const bodies = await capture(ishare(), 2);
    const claims = bodies.map((b) => decodeJwt(b.get('client_assertion')!));
    for (const c of claims) {
      expect(c).toMatchObject({ iss: party.eori, sub: party.eori, aud: 'EU.EORI.NL000000000' });
      expect(c.exp! - c.iat!).toBe(30);
      expect(c.nbf).toBe(c.iat);
      expect(c.jti).toMatch(/^[\w-]{20,}$/);
    }
    expect(claims[0]!.jti).not.toBe(claims[1]!.jti);
    const leaf = new X509Certificate(Buffer.from(x5cOf(party.certChainPem)[0]!, 'base64'));
    await expect(jwtVerify(bodies[0]!.get('client_assertion')!, leaf.publicKey, { algorithms: ['RS256'] })).resolves.toBeTruthy();
  });

  it('the default RFC 7523 shape: aud = token URL, no typ, exp = iat + 60, x5c only when a chain is given', async () => {
    const [body] = await capture({ tokenUrl: TOKEN_URL, clientId: 'c1', auth: 'private_key_jwt', privateKey: party.privateKeyPem });
    const assertion = body!.get('client_assertion')!;
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256' });
    const c = decodeJwt(assertion);
    expect(c).toMatchObject({ iss: 'c1', sub: 'c1', aud: TOKEN_URL });
    expect(c.exp! - c.iat!).toBe(60);
  });

  it('scope, resource and extra parameters pass through; client_secret_post sends id and secret in the body', async () => {
    const [body] = await capture({ tokenUrl: TOKEN_URL, clientId: 'c', clientSecret: 's', auth: 'client_secret_post', scope: 'a b', resource: ['https://r1.example', 'https://r2.example'], params: { audience: 'api' } });
    expect(Object.fromEntries(body!)).toMatchObject({ grant_type: 'client_credentials', scope: 'a b', audience: 'api', client_id: 'c', client_secret: 's' });
    expect(body!.getAll('resource')).toEqual(['https://r1.example', 'https://r2.example']);
  });
});
