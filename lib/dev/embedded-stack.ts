/**
 * Starts the embedded services the reference app needs when no real broker is configured,
 * and returns the environment that points the app at them. Dev and tests only.
 */
import { startDevBroker, type DevBroker } from './broker/index';

/** Client registered at the embedded broker for the reference app. */
export const DEV_CLIENT = { clientId: 'netid-dev-client', clientSecret: 'netid-dev-client-secret' } as const;

/** A running embedded stack. */
export interface EmbeddedStack {
  broker: DevBroker;
  /** Variables to merge into the app's environment. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the embedded netID-style broker on loopback with a client whose redirect URI
 * is `${appUrl}/api/auth/callback`.
 */
export async function startEmbeddedStack(options: { appUrl: string; brokerPort?: number; quiet?: boolean }): Promise<EmbeddedStack> {
  const appUrl = options.appUrl.replace(/\/+$/, '');
  const broker = await startDevBroker({
    port: options.brokerPort ?? 0,
    quiet: options.quiet ?? true,
    clients: [
      {
        client_id: DEV_CLIENT.clientId,
        client_secret: DEV_CLIENT.clientSecret,
        redirect_uris: [`${appUrl}/api/auth/callback`],
      },
    ],
  });
  return {
    broker,
    env: {
      NETID_ISSUER: broker.issuer,
      NETID_CLIENT_ID: DEV_CLIENT.clientId,
      NETID_CLIENT_SECRET: DEV_CLIENT.clientSecret,
      APP_URL: appUrl,
    },
    close: () => broker.close(),
  };
}
