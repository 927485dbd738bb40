import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DevBroker } from 'netid-rp-testing';
import { signInAtBroker } from '../helpers/broker-login';
import { errorCodeOf, RpBrowser } from '../helpers/rp-browser';
import { APP_URL, rp, rpConfig, startTestBroker } from '../helpers/embedded-broker';

let broker: DevBroker;

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(() => {
  broker.tamperTokenResponse = null;
  broker.delays = {};
});
afterAll(async () => {
  await broker?.close();
});

function browser(env: Record<string, string> = {}) {
  const { auth, logs } = rp(rpConfig(broker.issuer, 'basic', env));
  return Object.assign(new RpBrowser(auth, APP_URL), { logs });
}

/** Re-signs the ID token of the next token response with changed claims (or alg). */
function tamperIdToken(change: (claims: Record<string, unknown>) => Record<string, unknown>, alg?: 'RS256' | 'ES256' | 'none') {
  broker.tamperTokenResponse = async (body) => {
    const claims = decodeJwt(String(body.id_token));
    return { ...body, id_token: await broker.signJwt(change({ ...claims }), alg ?? 'RS256') };
  };
}

async function signInExpectingError(b: RpBrowser, query = '?flow=login-permission') {
  const res = await b.signIn(query);
  expect(res.status).toBe(302);
  return errorCodeOf(res);
}

describe('ID token verification', () => {
  it('accepts a correctly re-signed token (the tamper hook itself is sound)', async () => {
    tamperIdToken((c) => c);
    expect((await browser().signIn('?flow=login')).headers.get('location')).toBe('/');
  });

  it.each([
    ['nonce mismatch', (c: Record<string, unknown>) => ({ ...c, nonce: 'not-the-nonce' })],
    ['missing nonce', (c: Record<string, unknown>) => ({ ...c, nonce: undefined })],
    ['wrong audience', (c: Record<string, unknown>) => ({ ...c, aud: 'someone-else' })],
    ['wrong issuer', (c: Record<string, unknown>) => ({ ...c, iss: 'https://evil.example/' })],
    ['foreign azp', (c: Record<string, unknown>) => ({ ...c, aud: [c.aud, 'other'], azp: 'other' })],
    ['expired', (c: Record<string, unknown>) => ({ ...c, exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 })],
    ['issued in the future', (c: Record<string, unknown>) => ({ ...c, iat: Math.floor(Date.now() / 1000) + 3600 })],
  ])('rejects %s', async (_name, change) => {
    tamperIdToken(change);
    const b = browser();
    expect(await signInExpectingError(b)).toBe('id_token_invalid');
    expect((await b.session()).status).toBe(401);
  });

  it.each([
    ['an auth_time older than max_age', (c: Record<string, unknown>) => ({ ...c, auth_time: 0 })],
    ['no auth_time', (c: Record<string, unknown>) => ({ ...c, auth_time: undefined })],
  ])('with max_age sent, refuses %s', async (_name, change) => {
    tamperIdToken(change);
    const b = browser();
    expect(await signInExpectingError(b, '?flow=login&max_age=300')).toBe('id_token_invalid');
    expect((await b.session()).status).toBe(401);
  });

  it('with max_age sent, accepts a fresh auth_time', async () => {
    tamperIdToken((c) => ({ ...c, auth_time: Math.floor(Date.now() / 1000) - 5 }));
    expect((await browser().signIn('?flow=login&max_age=300')).headers.get('location')).toBe('/');
  });

  it('rejects an ES256 token when RS256 is pinned (alg not pinned by the broker)', async () => {
    tamperIdToken((c) => c, 'ES256');
    expect(await signInExpectingError(browser())).toBe('id_token_invalid');
  });

  it('rejects an unsigned (alg none) token without the opt-in', async () => {
    tamperIdToken((c) => c, 'none');
    expect(await signInExpectingError(browser())).toBe('id_token_invalid');
  });

  it('rejects a token whose signature does not verify', async () => {
    broker.tamperTokenResponse = (body) => {
      const [h, p, s] = String(body.id_token).split('.');
      return { ...body, id_token: `${h}.${p}.${s!.slice(0, -6)}AAAAAA` };
    };
    expect(await signInExpectingError(browser())).toBe('id_token_invalid');
  });

  it('refuses an OpenID flow answered without an ID token', async () => {
    broker.tamperTokenResponse = ({ id_token: _drop, ...rest }) => rest;
    expect(await signInExpectingError(browser(), '?flow=login')).toBe('id_token_missing');
  });

  it('refuses a malformed permission_management claim', async () => {
    tamperIdToken((c) => ({ ...c, permission_management: { token_type: 'bearer' } }));
    expect(await signInExpectingError(browser())).toBe('permission_token_invalid');
  });
});

describe('callback misuse', () => {
  it('state mismatch: a forged state while an attempt is pending', async () => {
    const b = browser();
    const authorize = await b.startLogin('?flow=login');
    const cb = await signInAtBroker(authorize.href);
    cb.searchParams.set('state', 'forged-state');
    expect(errorCodeOf(await b.deliver(cb))).toBe('state_mismatch');
  });

  it('missing transaction: callback in a browser that never started the flow', async () => {
    const authorize = await browser().startLogin('?flow=login');
    const cb = await signInAtBroker(authorize.href);
    expect(errorCodeOf(await browser().deliver(cb))).toBe('transaction_missing');
  });

  it('deletes the transaction after use: the same callback twice is refused', async () => {
    const b = browser();
    const cb = await signInAtBroker((await b.startLogin('?flow=login')).href);
    expect((await b.deliver(cb)).headers.get('location')).toBe('/');
    expect(b.jar.names()).toEqual(['netid_session']);
    expect(errorCodeOf(await b.deliver(cb))).toBe('transaction_missing');
  });

  it('replayed code: the broker refuses it and we say invalid_grant', async () => {
    const b = browser();
    const authorize = await b.startLogin('?flow=login');
    const state = authorize.searchParams.get('state')!;
    const txName = `netid_tx.${state}`;
    const txValue = b.jar.get(txName)!;
    const cb = await signInAtBroker(authorize.href);
    expect((await b.deliver(cb)).headers.get('location')).toBe('/');
    b.jar.set(txName, txValue); // an attacker replaying both cookie and code
    expect(errorCodeOf(await b.deliver(cb))).toBe('invalid_grant');
  });

  it('malformed callbacks: no state, no code, oversized parameter', async () => {
    const b = browser();
    expect(errorCodeOf(await b.call('callback', '/api/auth/callback'))).toBe('invalid_callback');
    const state = (await b.startLogin('?flow=login')).searchParams.get('state')!;
    expect(errorCodeOf(await b.call('callback', `/api/auth/callback?state=${state}`))).toBe('invalid_callback');
    expect(errorCodeOf(await b.call('callback', `/api/auth/callback?state=x&code=${'a'.repeat(5000)}`))).toBe('invalid_callback');
  });

  it.each(['access_denied', 'login_required', 'consent_required', 'account_selection_required'])(
    'broker error %s becomes its own code, without the description',
    async (error) => {
      const b = browser();
      const authorize = await b.startLogin('?flow=login&returnTo=/x');
      const cb = await signInAtBroker(authorize.href, { action: 'cancel', error });
      const res = await b.deliver(cb);
      expect(errorCodeOf(res)).toBe(error);
      const location = res.headers.get('location')!;
      expect(location).toContain('flow=login');
      expect(location).toContain('returnTo=%2Fx');
      expect(location).not.toContain('error_description');
      expect(b.jar.names()).toEqual([]);
    },
  );

  it('an unknown broker error maps to authorization_failed and HTML in the description goes nowhere', async () => {
    const b = browser();
    const state = (await b.startLogin('?flow=login')).searchParams.get('state')!;
    const res = await b.call('callback', `/api/auth/callback?state=${state}&error=weird&error_description=%3Cscript%3Ealert(1)%3C/script%3E`);
    expect(errorCodeOf(res)).toBe('authorization_failed');
    expect(res.headers.get('location')).not.toContain('script');
  });
});

describe('a broker that is down, slow or lying', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('down: broker_unreachable, quickly', async () => {
    const closed = await listen(() => {});
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const b = new RpBrowser(rp(rpConfig(closed)).auth, APP_URL);
    const res = await b.call('login', '/api/auth/login?flow=login');
    expect(errorCodeOf(res)).toBe('broker_unreachable');
  });

  it('slow discovery: broker_timeout within the configured timeout', async () => {
    const slow = await listen(() => {
      /* never answers */
    });
    const b = new RpBrowser(rp(rpConfig(slow, 'basic', { NETID_HTTP_TIMEOUT_MS: '300' })).auth, APP_URL);
    const started = Date.now();
    const res = await b.call('login', '/api/auth/login?flow=login');
    expect(errorCodeOf(res)).toBe('broker_timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('slow token endpoint: broker_timeout, and the next attempt works', async () => {
    const b = browser({ NETID_HTTP_TIMEOUT_MS: '400' });
    const cb = await signInAtBroker((await b.startLogin('?flow=login')).href);
    broker.delays = { token: 1500 };
    expect(errorCodeOf(await b.deliver(cb))).toBe('broker_timeout');
    broker.delays = {};
    expect((await b.signIn('?flow=login')).headers.get('location')).toBe('/');
  });

  it('lying discovery (HTML instead of JSON): broker_invalid_response', async () => {
    const liar = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
    });
    const res = await new RpBrowser(rp(rpConfig(liar)).auth, APP_URL).call('login', '/api/auth/login');
    expect(errorCodeOf(res)).toBe('broker_invalid_response');
  });

  it('a token endpoint answering HTML: broker_invalid_response, nothing logged but codes', async () => {
    broker.tamperTokenResponse = () => {
      throw new Error('boom');
    };
    const b = browser();
    const code = await signInExpectingError(b, '?flow=login');
    expect(code).toMatch(/broker_invalid_response|token_request_failed/);
    const session = JSON.stringify(b.logs);
    expect(session).not.toMatch(/eyJ/); // no JWT in any log line
  });
});
