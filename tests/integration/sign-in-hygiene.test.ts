/**
 * Cookie hygiene of the sign-in: abandoned attempts never stack up in the Cookie header (the
 * oldest are dropped, the newest still complete), oversized parameters get a stable code, and a
 * session too large even for the chunked cookie fails the sign-in with `session_too_large`.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netIdProfile, type ProviderProfile } from '@/lib/auth';
import { MAX_PENDING_TRANSACTIONS } from '@/lib/auth/transaction';
import type { DevBroker } from 'netid-rp-testing';
import { signInAtBroker } from '../helpers/broker-login';
import { errorCodeOf, RpBrowser } from '../helpers/rp-browser';
import { APP_URL, rp, rpConfig, startTestBroker } from '../helpers/embedded-broker';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

const browser = (options = rpConfig(broker.issuer)) => new RpBrowser(rp(options).auth, APP_URL);
const txNames = (b: RpBrowser) => b.jar.names().filter((n) => n.startsWith('netid_tx.'));

describe('pending sign-in attempts', () => {
  it('60 abandoned sign-ins keep the Cookie header small, and the newest ones still complete', async () => {
    const b = browser();
    const attempts: URL[] = [];
    for (let i = 0; i < 60; i++) {
      attempts.push(await b.startLogin(`?flow=login&returnTo=${encodeURIComponent(`/attempt/${i}`)}`));
      expect(txNames(b).length).toBeLessThanOrEqual(MAX_PENDING_TRANSACTIONS);
    }
    const kept = attempts.slice(-MAX_PENDING_TRANSACTIONS).map((u) => `netid_tx.${u.searchParams.get('state')}`);
    expect(txNames(b)).toEqual(kept);
    expect(b.jar.header().length).toBeLessThan(4096);

    // The one the user finally completes (the last), then an older one still pending.
    const last = await b.deliver(await signInAtBroker(attempts[59]!.href));
    expect(last.headers.get('location')).toBe('/attempt/59');
    expect((await b.session()).status).toBe(200);
    const older = await b.deliver(await signInAtBroker(attempts[60 - MAX_PENDING_TRANSACTIONS]!.href));
    expect(older.headers.get('location')).toBe(`/attempt/${60 - MAX_PENDING_TRANSACTIONS}`);
    // A dropped one is refused cleanly.
    const dropped = await b.deliver(await signInAtBroker(attempts[0]!.href));
    expect(errorCodeOf(dropped)).toMatch(/^(state_mismatch|transaction_missing)$/);
  });

  it('a very long returnTo or login_hint is answered with login_parameter_too_long, and nothing is stored', async () => {
    const b = browser();
    const longReturn = await b.call('login', `/api/auth/login?flow=login&returnTo=/${'a'.repeat(5000)}`);
    expect(longReturn.status).toBe(302);
    expect(errorCodeOf(longReturn)).toBe('login_parameter_too_long');
    expect(longReturn.headers.get('location')!.length).toBeLessThan(200);
    const longHint = await b.call('login', `/api/auth/login?flow=login&login_hint=${'m'.repeat(300)}%40example.com`);
    expect(errorCodeOf(longHint)).toBe('login_parameter_too_long');
    expect(txNames(b)).toEqual([]);
    // At the limits it still works.
    const ok = await b.startLogin(`?flow=login&returnTo=/${'a'.repeat(2000)}&login_hint=${'m'.repeat(240)}%40example.com`);
    expect(ok.searchParams.get('login_hint')).toBe(`${'m'.repeat(240)}@example.com`);
  });
});

describe('session size', () => {
  /** netID, but with claims of `bytes` random bytes (a provider that releases a lot). */
  const bigClaims = (bytes: number): ProviderProfile => ({
    ...netIdProfile,
    session: (result, flow, now) => {
      const s = netIdProfile.session(result, flow, now);
      return { ...s, user: s.user && { ...s.user, blob: randomBytes(bytes).toString('base64url') } };
    },
  });

  it('a 6 KB session is written as chunks and read back whole', async () => {
    const b = browser({ ...rpConfig(broker.issuer), profile: bigClaims(3000) });
    const res = await b.signIn('?flow=login');
    expect(res.headers.get('location')).toBe('/');
    expect(b.jar.names().filter((n) => n.startsWith('netid_session'))).toEqual(['netid_session.0', 'netid_session.1']);
    const { status, body } = await b.session();
    expect(status).toBe(200);
    expect(String((body.user as Record<string, unknown>).blob)).toHaveLength(4000);
    const sealed = b.jar.get('netid_session.0')!.length + b.jar.get('netid_session.1')!.length;
    expect(sealed).toBeGreaterThan(5500);
    expect(sealed).toBeLessThan(8000);
  });

  it('a session above the ceiling fails the sign-in with session_too_large instead of a cookie the browser drops', async () => {
    const b = browser({ ...rpConfig(broker.issuer), profile: bigClaims(12_000) });
    const res = await b.signIn('?flow=login');
    expect(errorCodeOf(res)).toBe('session_too_large');
    expect(b.jar.names().filter((n) => n.startsWith('netid_session'))).toEqual([]);
  });
});
