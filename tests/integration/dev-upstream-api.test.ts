import { decodeJwt, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startDuendeDevProvider,
  UPSTREAM_API_AUDIENCE,
  type DuendeDevClient,
  type DuendeDevProvider,
} from 'netid-rp-testing';
import { startUpstreamApi, type UpstreamApi } from 'netid-rp-testing';
import { refresh, signIn, type Json } from '../helpers/duende-client';

const CLIENT: DuendeDevClient = {
  client_id: 'rp',
  client_secret: 'rp-secret-0123456789',
  redirect_uris: ['http://127.0.0.1:3999/api/auth/callback'],
};

async function call(api: UpstreamApi, path: string, token?: string, method = 'GET') {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), json: (await response.json()) as Json };
}

describe('embedded upstream API', () => {
  let idp: DuendeDevProvider;
  let api: UpstreamApi;
  let tokens: Json;

  beforeAll(async () => {
    idp = await startDuendeDevProvider({ clients: [CLIENT], quiet: true });
    api = await startUpstreamApi({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: UPSTREAM_API_AUDIENCE });
    tokens = (await signIn(idp, CLIENT, { scope: 'openid profile api offline_access' })).json;
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  it('accepts the access token and says whose it is', async () => {
    const at = decodeJwt(String(tokens.access_token));
    api.requests.length = 0;
    const get = await call(api, '/items/1?expand=all', String(tokens.access_token));
    expect(get.status).toBe(200);
    expect(get.json).toEqual({ path: '/items/1', method: 'GET', sub: idp.users.max!.sub, scope: 'openid profile offline_access api', exp: at.exp, jti: at.jti });
    const post = await call(api, '/items', String(tokens.access_token), 'POST');
    expect(post.json).toMatchObject({ path: '/items', method: 'POST' });
    expect(api.requests).toEqual([
      { path: '/items/1', query: '?expand=all', method: 'GET', status: 200, sub: idp.users.max!.sub, tokenJti: at.jti },
      { path: '/items', query: '', method: 'POST', status: 200, sub: idp.users.max!.sub, tokenJti: at.jti },
    ]);
  });

  it('sees the refreshed access token after a refresh', async () => {
    const refreshed = await refresh(idp, CLIENT, String(tokens.refresh_token));
    expect(refreshed.status).toBe(200);
    const next = String(refreshed.json.access_token);
    const { json } = await call(api, '/me', next);
    expect(json.jti).toBe(decodeJwt(next).jti);
    expect(json.jti).not.toBe(decodeJwt(String(tokens.access_token)).jti);
    expect(api.requests.at(-1)?.tokenJti).toBe(json.jti);
  });

  it('refuses a missing token with a bare Bearer challenge', async () => {
    const missing = await call(api, '/items');
    expect(missing.status).toBe(401);
    expect(missing.challenge).toBe('Bearer realm="upstream-api"');
    expect(missing.json.error).toBe('unauthorized');
    const basic = await fetch(`${api.url}/items`, { headers: { authorization: 'Basic cnA6c2VjcmV0' } });
    expect(basic.status).toBe(401);
    expect(api.requests.at(-1)).toMatchObject({ status: 401, reason: 'missing_token' });
  });

  it('refuses forged tokens: foreign key, alg none, wrong audience, issuer or type', async () => {
    const real = decodeJwt(String(tokens.access_token));
    const { privateKey } = await generateKeyPair('RS256');
    const sign = (payload: JWTPayload, header: Record<string, unknown> = {}) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', ...header }).sign(privateKey);
    const kid = JSON.parse(Buffer.from(String(tokens.access_token).split('.')[0]!, 'base64url').toString()).kid as string;

    const foreign = await sign({ ...real, exp: Math.floor(Date.now() / 1000) + 60 }, { kid });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${String(tokens.access_token).split('.')[1]}.`;
    const tampered = String(tokens.access_token).replace(/\.([^.]+)\./, (_m, body: string) => {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Json;
      return `.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.`;
    });
    for (const token of [foreign, none, tampered, String(tokens.id_token), 'not-a-jwt']) {
      const refused = await call(api, '/items', token);
      expect(refused.status).toBe(401);
      expect(refused.json.error).toBe('invalid_token');
      expect(refused.challenge).toMatch(/^Bearer realm="upstream-api", error="invalid_token"/);
      expect(api.requests.at(-1)).toMatchObject({ status: 401, reason: 'invalid' });
    }

    const otherIssuer = await startUpstreamApi({ issuer: `${idp.issuer}/`, jwksUri: idp.jwksUri, audience: UPSTREAM_API_AUDIENCE });
    const otherAudience = await startUpstreamApi({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: 'urn:dev:other-api' });
    try {
      expect((await call(otherIssuer, '/x', String(tokens.access_token))).status).toBe(401);
      expect((await call(otherAudience, '/x', String(tokens.access_token))).status).toBe(401);
    } finally {
      await otherIssuer.close();
      await otherAudience.close();
    }
  });

  it('refuses an expired token', async () => {
    const token = String(tokens.access_token);
    expect((await call(api, '/items', token)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime((decodeJwt(token).exp! + 1) * 1000);
      const expired = await call(api, '/items', token);
      expect(expired.status).toBe(401);
      expect(expired.challenge).toContain('error_description="the access token expired"');
      expect(api.requests.at(-1)).toMatchObject({ status: 401, reason: 'expired' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('close() is prompt with keep-alive sockets open, and idempotent', async () => {
    const extra = await startUpstreamApi({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: UPSTREAM_API_AUDIENCE });
    await call(extra, '/x');
    const t0 = Date.now();
    await extra.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    await expect(fetch(`${extra.url}/x`)).rejects.toThrow();
    await extra.close();
  });
});
