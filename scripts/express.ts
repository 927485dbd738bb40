/**
 * `npm run express`: the Express example server. Without configuration it starts the embedded
 * services like `npm run dev`; with the contract's variables it talks to the real ones.
 */
import { createNetIdAuth } from '../lib/auth';
import { createExampleApp } from '../examples/express/app';
import { resolveEnvironment } from './embedded-env';
import { startTelemetry } from '../otel-sdk';

// Before anything records: the SDK is registered from the standard OTEL_* variables, or not at all.
const stopTelemetry = await startTelemetry();

const { env, close, appUrl, port } = await resolveEnvironment();
Object.assign(process.env, env);
const app = createExampleApp(createNetIdAuth());
const server = app.listen(port, '127.0.0.1', () => console.info(`[express] open ${appUrl}`));

async function stop(): Promise<void> {
  server.closeAllConnections();
  server.close();
  await stopTelemetry?.().catch(() => undefined);
  await close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
