/**
 * `npm run dev`: the reference app plus, when no provider is configured, the embedded
 * netID-style broker on loopback. `--start` serves a production build (`next start`)
 * instead of `next dev` (used by the browser tests and the benchmark).
 */
import { spawn } from 'node:child_process';
import { resolveEnvironment } from './embedded-env';

const production = process.argv.includes('--start');
const { env, close, appUrl, port } = await resolveEnvironment();
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
  await close();
  process.exit(code);
}
child.on('exit', (code) => void stop(code ?? 0));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
