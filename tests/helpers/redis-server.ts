/**
 * A real redis-server for the tests (Debian's, installed by scripts/ensure-redis.sh): a free
 * loopback port, a temporary data directory with the append-only file on (so a restart keeps the
 * data), bounded waits, killed after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

/** The redis-server binary (Debian's unless `REDIS_SERVER_PATH` says otherwise). */
export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

/** A running test Redis. */
export interface TestRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, SIGKILL after 5 s); its data stays in the directory. */
  stop(): Promise<void>;
  /** Starts it again on the same port and directory (the data comes back from the AOF). */
  start(): Promise<void>;
  /** Stops it for good and removes the directory. */
  close(): Promise<void>;
  /** The running server's pid (the bench pins it to a core). */
  pid(): number | undefined;
}

/** One PING over a raw socket; true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/** Polls `check` every 50 ms until it is true; throws after `ms`. */
export async function waitFor(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server: ${what} within ${ms} ms`);
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** One redis-server process: a fixed port and data directory, startable again after a stop. */
export interface RedisProcess {
  start(): Promise<void>;
  /** SIGTERM, SIGKILL after 5 s; the data stays in the directory. */
  stop(): Promise<void>;
  /** The running server's pid (the bench pins it to a core). */
  pid(): number | undefined;
}

/**
 * A redis-server on loopback `port` with its data in `dir` (append-only file on, no RDB
 * snapshots); `extraArgs` add settings (e.g. cluster mode). `start()` resolves on the first PONG.
 */
export function redisProcess(port: number, dir: string, extraArgs: readonly string[] = []): RedisProcess {
  let child: ChildProcess | undefined;
  let stderr = '';
  return {
    async start() {
      child = spawn(
        REDIS_SERVER,
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning', ...extraArgs],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      const c = child;
      await waitFor(async () => {
        if (c.exitCode !== null) throw new Error(`redis-server exited: ${stderr}`);
        return ping(port);
      }, 'no PONG');
    },
    pid: () => child?.pid,
    async stop() {
      const c = child;
      child = undefined;
      if (!c) return;
      c.kill('SIGTERM');
      if (!(await exited(c, 5000))) {
        c.kill('SIGKILL');
        await exited(c, 5000);
      }
    },
  };
}

/** Starts a redis-server for a test file (call `close()` in `afterAll`). */
export async function startTestRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(tmpdir(), 'netid-redis-'));
  const port = await freePort();
  const server = redisProcess(port, dir);
  await server.start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start: () => server.start(),
    stop: () => server.stop(),
    pid: () => server.pid(),
    async close() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
