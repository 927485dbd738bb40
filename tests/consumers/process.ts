/** Child processes of the consumer tests: started in the consumer project, waited for with a deadline, always stopped. */
import { spawn, type ChildProcess } from 'node:child_process';

/** A running child with its output so far. */
export interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once `test(stdout, stderr)` holds; rejects when the child exits first or after `ms`. */
  waitFor(what: string, test: (stdout: string, stderr: string) => boolean, ms: number): Promise<void>;
  stop(): Promise<void>;
}

export function start(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    async waitFor(what, test, ms) {
      const deadline = Date.now() + ms;
      while (!test(out, err)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before ${what}:\n${out.slice(-2000)}\n${err.slice(-2000)}`);
        if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000}s:\n${out.slice(-2000)}\n${err.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // The whole group: npx/next start children of their own.
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers (any status) or `ms` pass. */
export async function waitForUrl(url: string, ms: number, child?: Child): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      return;
    } catch {
      if (child && (child.process.exitCode !== null || child.process.signalCode !== null)) throw new Error(`exited before ${url} answered:\n${child.stdout().slice(-2000)}\n${child.stderr().slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms / 1000}s`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** `KEY=value` lines (as `netid-rp dev-stack` prints them) as an object. */
export function parseEnvLines(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}
