/**
 * A TypeScript worker process (run with tsx) that talks in lines: `send` writes one to its
 * stdin, `next` waits (bounded) for the next one on its stdout, `kill` sends a signal and waits
 * (bounded) until it has exited.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A running line worker. */
export interface LineWorker {
  child: ChildProcessWithoutNullStreams;
  send(line: string): void;
  /** The next stdout line; rejects after `ms` or when the process exits first. */
  next(ms?: number): Promise<string>;
  /** Sends `signal` (default SIGKILL) and resolves once the process has exited; rejects after `ms`. */
  kill(signal?: NodeJS.Signals, ms?: number): Promise<void>;
}

/** Spawns `node --import tsx <script>` with `env` added to the test's environment. */
export function startLineWorker(script: string, env: Record<string, string>): LineWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => (waiting.shift() ?? ((l: string) => queue.push(l)))(line));
  const within = <T>(promise: Promise<T>, ms: number, what: string) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${script}: ${what} within ${ms} ms; stderr: ${stderr}`)), ms)));
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };
  return {
    child,
    send: (line) => child.stdin.write(`${line}\n`),
    next(ms = 30_000) {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      let take!: (line: string) => void;
      const line = new Promise<string>((resolve) => waiting.push((take = resolve)));
      const died = exited.then(() => Promise.reject<string>(new Error(`${script} exited (${child.exitCode ?? child.signalCode}); stderr: ${stderr}`)));
      // A wait that gave up leaves no taker behind to swallow the next line.
      return within(Promise.race([line, died]), ms, 'no line').finally(() => {
        const i = waiting.indexOf(take);
        if (i >= 0) waiting.splice(i, 1);
      });
    },
    kill(signal = 'SIGKILL', ms = 5000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return within(exited, ms, 'not exited');
    },
  };
}
