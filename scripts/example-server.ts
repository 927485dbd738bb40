/**
 * What `npm run express`, `npm run fastify` and `npm run hono` share: the contract's variables
 * (or the embedded services when no provider is configured, as `npm run dev`), PORT, the
 * `[name] open <url>` line once it listens, and a clean stop on SIGINT/SIGTERM.
 */
import { createNetIdAuth, optionsFromEnv, type NetIdAuth } from '../lib/auth';
import { withRedis } from '../lib/redis';
import { resolveEnvironment } from './embedded-env';
import { startTelemetry } from '../otel-sdk';

/** Starts the example's server on loopback `port`; resolves once it listens, with its stop. */
export type ExampleListen = (auth: NetIdAuth, port: number) => Promise<() => Promise<void>>;

/** Runs one example server until SIGINT/SIGTERM. */
export async function runExample(name: string, listen: ExampleListen): Promise<void> {
  // Before anything records: the SDK is registered from the standard OTEL_* variables, or not at all.
  const stopTelemetry = await startTelemetry();
  const { env, close, appUrl, port } = await resolveEnvironment();
  Object.assign(process.env, env);
  const stopServer = await listen(createNetIdAuth(() => withRedis(optionsFromEnv(process.env))), port);
  console.info(`[${name}] open ${appUrl}`);
  const stop = async () => {
    await stopServer();
    await stopTelemetry?.().catch(() => undefined);
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
