/**
 * Starts the embedded services the reference app needs when no real broker is configured,
 * and returns the environment that points the app at them. Dev and tests only.
 */
import { startDevBroker, type DevBroker, type DevBrokerOptions } from './broker';
import { startPermissionCenterSimulator, type PermissionCenterSimulator } from './permission-center';

/** Client registered at the embedded broker for the reference app. */
export const DEV_CLIENT = { clientId: 'netid-dev-client', clientSecret: 'netid-dev-client-secret' } as const;

/** A running embedded stack. */
export interface EmbeddedStack {
  broker: DevBroker;
  /** The Permission Center simulator (read, write and export services) that accepts the broker's tokens. */
  permissionCenter: PermissionCenterSimulator;
  /** Variables to merge into the app's environment. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** HTTP Basic credentials of the simulator's export service in the embedded stack (dev only). */
export const DEV_EXPORT_CREDENTIALS = { username: 'netid-dev-export', password: 'netid-dev-export-password' } as const;

/** Options of {@link startEmbeddedStack}. */
export interface EmbeddedStackOptions {
  /** The app's base URL; the broker registers `${appUrl}/api/auth/callback` for {@link DEV_CLIENT}. */
  appUrl: string;
  /** Broker port; default 0 (a free one). */
  brokerPort?: number;
  /** Suppress oidc-provider's console notices; default true. */
  quiet?: boolean;
  /** Test users beside `max` and `erika` (see `DevBrokerOptions.users`). */
  users?: DevBrokerOptions['users'];
  /** Lifetime of the Permission Center token in seconds; default 500 (netID's). */
  permissionTokenTtl?: number;
}

/**
 * Starts the embedded netID-style broker on loopback with a client whose redirect URI
 * is `${appUrl}/api/auth/callback`, and the Permission Center simulator next to it.
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const appUrl = options.appUrl.replace(/\/+$/, '');
  const broker = await startDevBroker({
    port: options.brokerPort ?? 0,
    quiet: options.quiet ?? true,
    users: options.users,
    permissionTokenTtl: options.permissionTokenTtl,
    clients: [
      {
        client_id: DEV_CLIENT.clientId,
        client_secret: DEV_CLIENT.clientSecret,
        redirect_uris: [`${appUrl}/api/auth/callback`],
      },
    ],
  });
  let permissionCenter: PermissionCenterSimulator;
  try {
    permissionCenter = await startPermissionCenterSimulator({
      issuer: broker.issuer,
      jwksUri: broker.jwksUri,
      exportCredentials: { ...DEV_EXPORT_CREDENTIALS, tappIds: [DEV_CLIENT.clientId] },
    });
  } catch (error) {
    await broker.close();
    throw error;
  }
  return {
    broker,
    permissionCenter,
    env: {
      NETID_ISSUER: broker.issuer,
      NETID_CLIENT_ID: DEV_CLIENT.clientId,
      NETID_CLIENT_SECRET: DEV_CLIENT.clientSecret,
      APP_URL: appUrl,
      PERMISSION_CENTER_READ_URL: permissionCenter.readUrl,
      PERMISSION_CENTER_WRITE_URL: permissionCenter.writeUrl,
      PERMISSION_CENTER_EXPORT_URL: permissionCenter.exportUrl,
      PERMISSION_CENTER_EXPORT_USERNAME: DEV_EXPORT_CREDENTIALS.username,
      PERMISSION_CENTER_EXPORT_PASSWORD: DEV_EXPORT_CREDENTIALS.password,
      PERMISSION_CENTER_EXPORT_TAPP_ID: DEV_CLIENT.clientId,
    },
    close: async () => {
      await Promise.allSettled([permissionCenter.close(), broker.close()]);
    },
  };
}
