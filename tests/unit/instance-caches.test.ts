/**
 * Caches hang off the instance, not the module: two `NetIdAuth` instances (and two OIDC
 * discoveries) never share unsealed sessions or fetched key sets, and nothing needs a reset.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetIdAuth, requestCookies } from '@/lib/auth';
import { readSession, writeSession } from '@/lib/auth/session';
import { offlineOptions, offlineSession } from '../helpers/offline-auth';
import { createOidcDiscovery } from '@/lib/auth/oidc';

const options = offlineOptions;
const session = offlineSession;

describe('caches per instance', () => {
  it('two NetIdAuth instances do not share unsealed sessions (each caches its own)', async () => {
    const a = createNetIdAuth(options);
    const b = createNetIdAuth(options);
    const written = requestCookies(null);
    await writeSession(written, session(), a.config());
    const cookie = written.setCookieHeaders().map((c) => c.split(';')[0]).join('; ');
    const fromA = await a.getSession(requestCookies(cookie));
    expect(fromA?.user?.sub).toBe('user-1');
    // A second read of the same cookie is A's cached unseal: the very same object.
    expect(await a.getSession(requestCookies(cookie))).toBe(fromA);
    // B reads the same cookie (same password and issuer) with its own cache: equal, never A's object.
    // B did not seal it, so B caches it from its second read (lib/auth/session-admission.ts).
    await b.getSession(requestCookies(cookie));
    const fromB = await b.getSession(requestCookies(cookie));
    expect(fromB).toEqual(fromA);
    expect(fromB).not.toBe(fromA);
    expect(await b.getSession(requestCookies(cookie))).toBe(fromB);
  });

  it('an instance of another issuer never reads a session another instance cached', async () => {
    const a = createNetIdAuth(options);
    const other = createNetIdAuth({ ...options, issuer: 'http://127.0.0.1:8/' });
    const written = requestCookies(null);
    await writeSession(written, session(), a.config());
    const cookie = written.setCookieHeaders().map((c) => c.split(';')[0]).join('; ');
    expect(await a.getSession(requestCookies(cookie))).not.toBeNull();
    expect(await other.getSession(requestCookies(cookie))).toBeNull();
  });

  it("a copy of a configuration (another issuer, same store object) is not served from the original's cache", async () => {
    const config = createNetIdAuth(options).config();
    const written = requestCookies(null);
    await writeSession(written, session(), config);
    const cookie = written.setCookieHeaders().map((c) => c.split(';')[0]).join('; ');
    expect(await readSession(requestCookies(cookie), config)).not.toBeNull();
    expect(await readSession(requestCookies(cookie), { ...config, issuer: 'http://127.0.0.1:8/' })).toBeNull();
  });

  describe('JWKS', () => {
    let server: Server;
    let uri: string;
    let fetches = 0;
    let token: string;

    beforeAll(async () => {
      const { publicKey, privateKey } = await generateKeyPair('RS256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
      server = createServer((_req, res) => {
        fetches++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
      token = await new SignJWT({ sub: 'user-1' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('each discovery (one per NetIdAuth instance) fetches and keeps its own key set', async () => {
      const a = createOidcDiscovery();
      const b = createOidcDiscovery();
      expect(a.jwks(uri, 2000)).toBe(a.jwks(uri, 2000));
      expect(b.jwks(uri, 2000)).not.toBe(a.jwks(uri, 2000));
      await jwtVerify(token, a.jwks(uri, 2000));
      await jwtVerify(token, a.jwks(uri, 2000));
      expect(fetches).toBe(1); // A's keys are cached in A
      await jwtVerify(token, b.jwks(uri, 2000));
      expect(fetches).toBe(2); // B fetched its own
    });
  });
});
