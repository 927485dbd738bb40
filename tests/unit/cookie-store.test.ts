import express from 'express';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { requestCookies } from '@/lib/auth';
import { expressCookies } from '@/lib/adapters/express';

describe('requestCookies (a Fetch request)', () => {
  it('reads the Cookie header and tolerates garbage', () => {
    const store = requestCookies(new Request('http://127.0.0.1/', { headers: { cookie: 'a=1; b=two' } }));
    expect(store.get('a')).toEqual({ name: 'a', value: '1' });
    expect(store.getAll().map((c) => c.name)).toEqual(['a', 'b']);
    expect(requestCookies('%%%;;=').get('a')).toBeUndefined();
    expect(requestCookies(null).getAll()).toEqual([]);
  });

  it('reads its own writes, hides deleted cookies, and writes one Set-Cookie per name (the last)', () => {
    const store = requestCookies('session=old; tx=1');
    store.set('session', 'claimed', { path: '/', maxAge: 60 });
    store.set('session', 'rotated', { path: '/', maxAge: 60, httpOnly: true });
    store.set('tx', '', { path: '/', maxAge: 0 });
    expect(store.get('session')?.value).toBe('rotated');
    expect(store.get('tx')).toBeUndefined();
    expect(store.getAll().map((c) => c.name)).toEqual(['session']);
    expect(store.setCookieHeaders()).toEqual(['session=rotated; Max-Age=60; Path=/; HttpOnly', 'tx=; Max-Age=0; Path=/']);
    const headers = new Headers();
    store.applyTo(headers);
    expect(headers.getSetCookie()).toHaveLength(2);
  });
});

describe('expressCookies (an Express request and response)', () => {
  it('writes Set-Cookie on the response, one per name, and refuses to write after the headers are sent', async () => {
    const app = express();
    let lateWrite: unknown;
    app.get('/', (req, res) => {
      const store = expressCookies(req, res);
      res.append('Set-Cookie', 'theirs=1; Path=/');
      store.set('ours', 'first', { path: '/' });
      store.set('ours', 'second', { path: '/' });
      const seen = store.get('ours')?.value;
      res.json({ incoming: store.get('incoming')?.value, seen });
      try {
        store.set('ours', 'too-late', { path: '/' });
      } catch (err) {
        lateWrite = err;
      }
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie: 'incoming=yes' }, signal: AbortSignal.timeout(5000) });
      expect(await res.json()).toEqual({ incoming: 'yes', seen: 'second' });
      expect(res.headers.getSetCookie()).toEqual(['theirs=1; Path=/', 'ours=second; Path=/']);
      expect(lateWrite).toBeInstanceOf(Error);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('mintSessionCookie (testing kit)', () => {
  it('mints a session the core reads back, and only for the same configuration', async () => {
    const { createNetIdAuth } = await import('@/lib/auth');
    const { mintSessionCookie } = await import('@/lib/testing');
    const options = { issuer: 'http://127.0.0.1:9/', clientId: 'c', clientSecret: 's', appUrl: 'http://127.0.0.1:3000', session: { password: 'm'.repeat(32) } };
    const auth = createNetIdAuth(options);
    const { header, name } = await mintSessionCookie(auth, { user: { sub: 'u-1' } });
    expect(name).toBe('netid_session');
    const res = await auth.session(new Request('http://127.0.0.1:3000/api/auth/session', { headers: { cookie: header } }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { sub: string } }).user.sub).toBe('u-1');
    const other = createNetIdAuth({ ...options, session: { password: 'o'.repeat(32) } });
    expect(await other.getSession(requestCookies(header))).toBeNull();
  });
});
