/**
 * `npm run express`, `npm run fastify` and `npm run hono` as a partner runs them, unconfigured: each
 * starts the embedded services, prints `[name] open <url>`, serves the contract's routes (sign-in at
 * the embedded broker, the Permission Center simulator, logout) and stops cleanly on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExampleProcess, type ExampleName, type ExpressProcess } from '../helpers/express-process';
import { HttpBrowser } from '../helpers/http-browser';

const NAMES: readonly ExampleName[] = ['express', 'fastify', 'hono'];
const running = new Map<ExampleName, ExpressProcess>();

beforeAll(async () => {
  // No provider configured (as on a fresh clone): each starts its own embedded broker and simulator.
  const env = { NETID_ISSUER: '', SESSION_PASSWORD: 'example-processes-password-0123456789abc' };
  const started = await Promise.allSettled(NAMES.map((name) => startExampleProcess(name, env)));
  started.forEach((s, i) => s.status === 'fulfilled' && running.set(NAMES[i]!, s.value));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([...running.values()].map((p) => p.stop()));
});

describe.each(NAMES)('npm run %s', (name) => {
  it('answers like npm run express: signed out, sign-in, session, Permission Center, logout; then stops on SIGTERM', async () => {
    const proc = running.get(name)!;
    const appUrl = /\[\w+\] open (\S+)/.exec(proc.output())![1]!;
    expect(appUrl).toBe(`http://localhost:${proc.port}`);
    const b = new HttpBrowser(`http://127.0.0.1:${proc.port}`);
    const home = await b.fetch('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('data-testid="signed-out"');
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await b.fetch('/api/auth/session')).status).toBe(401);

    const callback = await b.signIn('?flow=login-permission&returnTo=/api/me');
    expect(callback.headers.get('location')).toBe('/api/me');
    const me = (await (await b.fetch('/api/me')).json()) as { flow: string; user: { sub: string } };
    expect(me.flow).toBe('login-permission');
    expect(me.user.sub).toBeTruthy();
    expect((await b.fetch('/api/permissions')).status).toBe(200);
    const logout = await b.fetch('/api/auth/logout', { method: 'POST', headers: { origin: appUrl } });
    expect(logout.status).toBe(303);
    expect((await b.fetch('/api/auth/session')).status).toBe(401);

    expect(await proc.stop()).toBe(0);
  }, 60_000);
});
