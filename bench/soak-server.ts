/**
 * Servers of the `soak` section: the reference app under `next start` or the Express example,
 * each with its embedded services, pinned to core 0 (`taskset -c 0`), plus the RSS of the process
 * that actually serves (the `next-server` child of the npx/tsx wrappers, or the Express node).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Which server, and which embedded provider (`netid` broker + Permission Center, or `duende` + upstream API). */
export interface SoakServerOptions {
  kind: 'next' | 'express';
  provider: 'netid' | 'duende';
  port: number;
  sessionPassword: string;
}

/** A running soak server. */
export interface SoakServer {
  url: string;
  /** Pid of the serving process (not a wrapper). */
  pid: number;
  /** Its resident set size in MB, from /proc/<pid>/status. */
  rssMb(): number;
  stop(): Promise<void>;
}

/** True when `taskset` can pin processes (Linux with util-linux). */
export function canPin(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
}

/** `cmd args` pinned to `core` when taskset works, else unpinned. */
export function pinned(core: number, cmd: string, args: string[]): [string, string[]] {
  return pinAvailable ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];
}
const pinAvailable = canPin();

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Descendants of `root` whose command line matches. */
function findDescendant(root: number, match: (cmd: string) => boolean): number | undefined {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || !match(cmdline(pid))) continue;
    let p: number | undefined = pid;
    for (let hops = 0; p && p > 1 && hops < 32; hops++) {
      if (p === root) return pid;
      p = parentOf(p);
    }
  }
  return undefined;
}

/** VmRSS of `pid` in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Math.round(Number(m[1]) / 1024);
}

async function waitUntil<T>(what: string, deadline: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what}: timed out`);
}

/** Starts one server (the Next build must exist) and waits until it answers and its serving pid is known. */
export async function startSoakServer(options: SoakServerOptions): Promise<SoakServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const script = options.kind === 'next' ? ['scripts/dev.ts', '--start'] : ['scripts/express.ts'];
  const [cmd, args] = pinned(0, 'npx', ['tsx', ...script]);
  const child: ChildProcess = spawn(cmd, args, {
    env: {
      ...process.env,
      PORT: String(options.port),
      APP_URL: url,
      SESSION_PASSWORD: options.sessionPassword,
      NETID_ISSUER: '',
      AUTH_PROVIDER: '',
      DEV_PROVIDER: options.provider,
      // No renewals during the run: the soak measures the route, not the refresh path.
      DEV_ACCESS_TOKEN_TTL: '3600',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const root = child.pid!;
  const stop = async (): Promise<void> => {
    try {
      process.kill(-root, 'SIGTERM');
    } catch {
      return;
    }
    await waitUntil('server stop', Date.now() + 15_000, () => {
      try {
        process.kill(-root, 0);
        return undefined;
      } catch {
        return true;
      }
    }).catch(() => process.kill(-root, 'SIGKILL'));
  };
  try {
    await waitUntil(`${url} up`, Date.now() + 120_000, async () => {
      if (child.exitCode !== null) throw new Error(`${options.kind} server exited`);
      return fetch(`${url}/api/auth/session`).then(
        (r) => r.body?.cancel().then(() => true),
        () => undefined,
      );
    });
    const isServer = options.kind === 'next' ? (c: string) => c.startsWith('next-server') : (c: string) => c.includes('loader.mjs scripts/express.ts');
    const pid = await waitUntil('serving pid', Date.now() + 10_000, () => findDescendant(root, isServer));
    return { url, pid, rssMb: () => rssMb(pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
