/**
 * Shared by `npm run dev` and `npm run express`: when no provider is configured, starts the
 * embedded services on loopback (the companion's dev stack, packages/netid-rp-testing/src/cli/dev-stack.ts, as
 * `netid-rp-testing dev-stack` does) and returns the environment that points the app at them.
 * `--provider duende` (or DEV_PROVIDER=duende) starts the Duende-style provider with refresh
 * tokens and an upstream API instead of the netID broker and Permission Center simulator.
 */
import { startDevStack } from 'netid-rp-testing';

/** The app's environment plus a way to stop the embedded services, if any were started. */
export interface ResolvedEnvironment {
  env: NodeJS.ProcessEnv;
  close: () => Promise<void>;
  appUrl: string;
  port: number;
}

function requestedProvider(): 'netid' | 'duende' {
  const i = process.argv.indexOf('--provider');
  const value = i >= 0 ? process.argv[i + 1] : process.env.DEV_PROVIDER;
  return value === 'duende' ? 'duende' : 'netid';
}

/** Resolves PORT/APP_URL and starts the embedded services when no provider is configured. */
export async function resolveEnvironment(defaultPort = 3000): Promise<ResolvedEnvironment> {
  const port = Number(process.env.PORT ?? defaultPort);
  const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), APP_URL: appUrl };
  const configured = process.env.AUTH_PROVIDER === 'oidc' ? process.env.OIDC_ISSUER : process.env.NETID_ISSUER;
  if (configured) return { env, close: async () => {}, appUrl, port };
  const provider = requestedProvider();
  const stack = await startDevStack({
    appUrl,
    provider,
    brokerPort: provider === 'netid' ? Number(process.env.DEV_BROKER_PORT ?? 0) : undefined,
    accessTokenTtl: process.env.DEV_ACCESS_TOKEN_TTL ? Number(process.env.DEV_ACCESS_TOKEN_TTL) : undefined,
    // The browser tests switch the Permission Center simulator's faults (down, slow) through this port.
    permissionCenterControlPort: process.env.DEV_PERMISSION_CENTER_CONTROL_PORT ? Number(process.env.DEV_PERMISSION_CENTER_CONTROL_PORT) : undefined,
  });
  Object.assign(env, stack.env);
  for (const line of stack.services) console.info(`[dev] ${line}`);
  return { env, close: stack.close, appUrl, port };
}
