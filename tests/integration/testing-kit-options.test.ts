/** Options of the testing kit's stack that partners' tests use: their own test users and token lifetimes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetIdAuth } from '@/lib/auth';
import { devSubFor, startEmbeddedStack, type EmbeddedStack } from 'netid-rp-testing';
import { RpBrowser } from '../helpers/rp-browser';

const APP = 'http://127.0.0.1:3297';
let stack: EmbeddedStack;

beforeAll(async () => {
  stack = await startEmbeddedStack({
    appUrl: APP,
    permissionTokenTtl: 120,
    users: [{ id: 'anna', sub: devSubFor('anna'), claims: { given_name: 'Anna', family_name: 'Test', email: 'anna@example.com', email_verified: true } }],
  });
});
afterAll(() => stack?.close());

describe('startEmbeddedStack options', () => {
  it('signs in an extra test user, and issues the Permission Center token with the given lifetime', async () => {
    expect(Object.keys(stack.broker.users)).toEqual(expect.arrayContaining(['max', 'erika', 'anna']));
    const auth = createNetIdAuth({
      issuer: stack.env.NETID_ISSUER!,
      clientId: stack.env.NETID_CLIENT_ID!,
      clientSecret: stack.env.NETID_CLIENT_SECRET!,
      appUrl: APP,
      session: { password: 'a-kit-options-test-password-of-32+chars' },
    });
    const browser = new RpBrowser(auth, APP);
    const before = Date.now();
    const callback = await browser.signIn('?flow=login-permission', { user: 'anna' });
    expect(callback.status).toBe(302);
    const { status, body } = await browser.session();
    expect(status).toBe(200);
    expect(body.user).toMatchObject({ sub: devSubFor('anna'), email: 'anna@example.com' });
    const expiresAt = Date.parse((body.permissionToken as { expiresAt: string }).expiresAt);
    // 120 s from whenever the token was issued during the sign-in (the default would be 500 s).
    expect(expiresAt).toBeGreaterThanOrEqual(before + 119_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 121_000);
  });
});
