/** Real sign-ins over HTTP for the `soak` section: app → embedded broker/provider → app callback. */
import { signInAtBroker, type BrokerCookieJar } from '../tests/helpers/broker-login';
import { CookieJar } from '../tests/helpers/cookie-jar';

/** The embedded providers' test users; sessions alternate between them. */
const USERS = ['max', 'erika'];

/**
 * One sign-in of `flow` as `user`; returns the session Cookie header. `brokerJar` keeps the
 * provider's own session between calls (a returning browser, so the provider skips its page).
 */
export async function signInOnce(appUrl: string, flow: string, user: string, brokerJar?: BrokerCookieJar): Promise<string> {
  const jar = new CookieJar();
  const login = await fetch(`${appUrl}/api/auth/login?flow=${flow}`, { redirect: 'manual' });
  jar.store(login);
  const authorize = login.headers.get('location');
  if (login.status !== 302 || !authorize) throw new Error(`login answered ${login.status}`);
  const callback = await signInAtBroker(authorize, { user, jar: brokerJar });
  const done = await fetch(`${appUrl}/api/auth/callback${callback.search}`, { redirect: 'manual', headers: { cookie: jar.header() } });
  jar.store(done);
  const session = jar.get('netid_session');
  if (done.status !== 302 || !session) throw new Error(`callback answered ${done.status}`);
  return `netid_session=${session}`;
}

/** `count` distinct signed-in sessions (sequential, bounded by `count`). */
export async function signInMany(appUrl: string, flow: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) cookies.push(await signInOnce(appUrl, flow, USERS[i % USERS.length]!));
  return cookies;
}
