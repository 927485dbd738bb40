/** Signs in against a running app over real HTTP (app → embedded broker → app) and returns the Cookie header. */
import { signInAtBroker } from '../tests/helpers/broker-login';
import { CookieJar } from '../tests/helpers/cookie-jar';

export async function signInOverHttp(appUrl: string, flow = 'login-permission'): Promise<string> {
  const jar = new CookieJar();
  const login = await fetch(`${appUrl}/api/auth/login?flow=${flow}`, { redirect: 'manual' });
  jar.store(login);
  const authorize = login.headers.get('location');
  if (login.status !== 302 || !authorize) throw new Error(`login answered ${login.status}`);
  const callback = await signInAtBroker(authorize);
  const done = await fetch(`${appUrl}/api/auth/callback${callback.search}`, {
    redirect: 'manual',
    headers: { cookie: jar.header() },
  });
  jar.store(done);
  if (done.status !== 302 || !jar.get('netid_session')) throw new Error(`callback answered ${done.status}`);
  return `netid_session=${jar.get('netid_session')}`;
}
