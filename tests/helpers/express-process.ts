/**
 * An example server (`npm run express`, `npm run fastify`, `npm run hono`) as a separate process,
 * for the multi-instance tests and the examples' own tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { freePort } from './free-port';

/** The example servers, by their npm script name. */
export type ExampleName = 'express' | 'fastify' | 'hono';

/** A running example process. */
export interface ExpressProcess {
  port: number;
  child: ChildProcess;
  /** What it printed (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves with the exit code (null when killed). */
  stop(): Promise<number | null>;
}

/** The script file `npm run <name>` runs (`tsx scripts/<name>.ts` in package.json). */
export function exampleScript(name: ExampleName): string {
  const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const match = /^tsx (scripts\/[\w-]+\.ts)$/.exec(scripts[name] ?? '');
  if (!match) throw new Error(`npm run ${name} is not "tsx scripts/<file>.ts": ${scripts[name]}`);
  return match[1]!;
}

/**
 * Starts what `npm run <name>` runs, with `env`, on a free port (node with tsx, as the script does,
 * without npm in between, so signals reach the server itself); resolves once it listens (60 s at most).
 */
export async function startExampleProcess(name: ExampleName, env: Record<string, string>): Promise<ExpressProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', exampleScript(name)], {
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes(`[${name}] open`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Starts the Express example (`scripts/express.ts`) with `env` on a free port. */
export function startExpressProcess(env: Record<string, string>): Promise<ExpressProcess> {
  return startExampleProcess('express', env);
}
