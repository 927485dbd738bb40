/**
 * `npm run dev`: the reference app plus, when NETID_ISSUER is unset, the embedded
 * netID-style broker on loopback. `--start` serves a production build (`next start`)
 * instead of `next dev` (used by the browser tests and the benchmark).
 */
import { spawn } from 'node:child_process';
import { startEmbeddedStack, type EmbeddedStack } from '../lib/dev/embedded-stack';

const production = process.argv.includes('--start');
const port = Number(process.env.PORT ?? 3000);
const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;

let stack: EmbeddedStack | undefined;
const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), APP_URL: appUrl };
if (!process.env.NETID_ISSUER) {
  stack = await startEmbeddedStack({ appUrl, brokerPort: Number(process.env.DEV_BROKER_PORT ?? 0) });
  Object.assign(env, stack.env);
  console.info(`[dev] embedded netID broker: ${stack.broker.issuer}`);
}
if (production) Object.assign(env, { NODE_ENV: 'production' });

const child = spawn('npx', ['next', production ? 'start' : 'dev', '--port', String(port), '--hostname', '127.0.0.1'], {
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});
console.info(`[dev] open ${appUrl}`);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  await stack?.close();
  process.exit(code);
}
child.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
