/**
 * Shared by `npm run dev` and `npm run express`: when no provider is configured
 * (NETID_ISSUER unset, AUTH_PROVIDER not oidc), starts the embedded services on loopback and
 * returns the environment that points the app at them.
 */
import { startEmbeddedStack, type EmbeddedStack } from '../lib/dev/embedded-stack';

/** The app's environment plus the embedded stack, if one was started. */
export interface ResolvedEnvironment {
  env: NodeJS.ProcessEnv;
  stack: EmbeddedStack | undefined;
  appUrl: string;
  port: number;
}

/** Resolves PORT/APP_URL and starts the embedded broker (and friends) when needed. */
export async function resolveEnvironment(defaultPort = 3000): Promise<ResolvedEnvironment> {
  const port = Number(process.env.PORT ?? defaultPort);
  const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), APP_URL: appUrl };
  let stack: EmbeddedStack | undefined;
  const configured = process.env.AUTH_PROVIDER === 'oidc' ? process.env.OIDC_ISSUER : process.env.NETID_ISSUER;
  if (!configured) {
    stack = await startEmbeddedStack({ appUrl, brokerPort: Number(process.env.DEV_BROKER_PORT ?? 0) });
    Object.assign(env, stack.env);
    console.info(`[dev] embedded netID broker: ${stack.broker.issuer}`);
  }
  return { env, stack, appUrl, port };
}
