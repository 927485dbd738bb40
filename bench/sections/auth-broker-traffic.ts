/** Broker requests per login (in-process RP against the embedded broker) and the largest sealed session. */
import { requestCookies } from '../../lib/auth';
import { mintSessionCookie } from '../../lib/testing';
import { RpBrowser } from '../../tests/helpers/rp-browser';
import { out } from '../output';
import { benchBrokerAuth } from '../broker-auth';

export default async function run(): Promise<void> {
  const { broker, auth, appUrl } = await benchBrokerAuth();
  try {
    await new RpBrowser(auth, appUrl).signIn('?flow=login-permission');
    out('first_login_broker_requests', JSON.stringify(broker.stats));
    broker.resetStats();
    const b = new RpBrowser(auth, appUrl);
    await b.signIn('?flow=login-permission');
    out('login_token_requests', broker.stats.token);
    out('login_discovery_and_jwks_requests_after_first', broker.stats.discovery + broker.stats.jwks);
    out('login_userinfo_requests', broker.stats.userinfo);
    const session = await auth.getSession(requestCookies(b.jar.header()));
    const biggest = { ...session!, user: { ...session!.user!, ...broker.users.max!.claims } };
    const cookie = (await mintSessionCookie(auth, biggest)).header;
    out('sealed_session_cookie_bytes_largest_claims', cookie.length);
  } finally {
    await broker.close();
  }
}
