import { createNetIdAuth, optionsFromEnv, type NetIdAuth } from '../lib/auth';
import { startDevBroker } from 'netid-rp-testing';

type DevBroker = Awaited<ReturnType<typeof startDevBroker>>;

/** The in-process relying party of the bench sections: the embedded broker and one client, quiet logs. */
export async function benchBrokerAuth(): Promise<{ broker: DevBroker; auth: NetIdAuth; appUrl: string }> {
  const appUrl = 'http://127.0.0.1:3998';
  const broker = await startDevBroker({
    quiet: true,
    clients: [{ client_id: 'bench', client_secret: 'bench-secret', redirect_uris: [`${appUrl}/api/auth/callback`] }],
  });
  const options = optionsFromEnv({
    NETID_ISSUER: broker.issuer,
    NETID_CLIENT_ID: 'bench',
    NETID_CLIENT_SECRET: 'bench-secret',
    APP_URL: appUrl,
    SESSION_PASSWORD: 'bench-session-password-0123456789abcdef',
  });
  return { broker, auth: createNetIdAuth({ ...options, log: () => {} }), appUrl };
}
