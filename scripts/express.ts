/**
 * `npm run express`: the Express example server. Without configuration it starts the embedded
 * services like `npm run dev`; with the contract's variables it talks to the real ones.
 */
import { createNetIdAuth, optionsFromEnv } from '../lib/auth';
import { withRedis } from '../lib/redis';
import { createExampleApp } from '../examples/express/app';
import { resolveEnvironment } from './embedded-env';

const { env, close, appUrl, port } = await resolveEnvironment();
Object.assign(process.env, env);
const app = createExampleApp(createNetIdAuth(() => withRedis(optionsFromEnv(process.env))));
const server = app.listen(port, '127.0.0.1', () => console.info(`[express] open ${appUrl}`));

async function stop(): Promise<void> {
  server.closeAllConnections();
  server.close();
  await close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
