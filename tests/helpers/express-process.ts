/** The Express example (`scripts/express.ts`) as a separate process, for the multi-instance tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port';

/** A running Express example process. */
export interface ExpressProcess {
  port: number;
  child: ChildProcess;
  /** What it printed (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** Starts `scripts/express.ts` with `env` on a free port; resolves once it listens (60 s at most). */
export async function startExpressProcess(env: Record<string, string>): Promise<ExpressProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/express.ts'], {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`express did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('[express] open')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`express exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
