/** Broker requests per login (in-process RP against the embedded broker) and the largest sealed session. */
import { createNetIdAuth, optionsFromEnv, requestCookies } from '../../lib/auth';
import { mintSessionCookie, startDevBroker } from '../../lib/testing';
import { RpBrowser } from '../../tests/helpers/rp-browser';
import { out } from '../output';

export default async function run(): Promise<void> {
  const appUrl = 'http://127.0.0.1:3998';
  const broker = await startDevBroker({
    quiet: true,
    clients: [{ client_id: 'bench', client_secret: 'bench-secret', redirect_uris: [`${appUrl}/api/auth/callback`] }],
  });
  try {
    const options = optionsFromEnv({
      NETID_ISSUER: broker.issuer,
      NETID_CLIENT_ID: 'bench',
      NETID_CLIENT_SECRET: 'bench-secret',
      APP_URL: appUrl,
      SESSION_PASSWORD: 'bench-session-password-0123456789abcdef',
    });
    const auth = createNetIdAuth({ ...options, log: () => {} });
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
