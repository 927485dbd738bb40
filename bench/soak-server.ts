/**
 * Servers of the `soak` section: the reference app under `next start` or the Express example,
 * pinned to core 0 (`taskset -c 0`), with their embedded services in a process of their own on
 * core 1 (beside the load generator), plus the RSS and CPU time of the process that actually
 * serves (the `next-server` child of the npx/tsx wrappers, or the Express node).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Which server, and which embedded provider (`netid` broker + Permission Center, or `duende` + upstream API). */
export interface SoakServerOptions {
  kind: 'next' | 'express';
  provider: 'netid' | 'duende';
  port: number;
  sessionPassword: string;
  /** More environment for the server (e.g. `SESSION_STORE=redis`). */
  env?: Record<string, string>;
  /** The folder the server runs in (default: this repository), e.g. bench/lazy-entries-app.ts's. */
  cwd?: string;
}

/** A running soak server. */
export interface SoakServer {
  url: string;
  /** Pid of the serving process (not a wrapper). */
  pid: number;
  /** Its resident set size in MB, from /proc/<pid>/status. */
  rssMb(): number;
  /** CPU seconds (user + system) it has used so far, from /proc/<pid>/stat. */
  cpuSeconds(): number;
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

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ). */
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime of `pid` in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5), counted from the state field (3) here.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Starts the route's embedded services pinned to core 1 and returns the variables that point the app at them. */
function startServices(provider: SoakServerOptions['provider'], appUrl: string): Promise<{ env: Record<string, string>; stop(): void }> {
  const [cmd, args] = pinned(1, process.execPath, ['--import', 'tsx', 'bench/soak-services.ts', provider, appUrl]);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = (): void => {
    child.stdin?.end();
    child.kill('SIGTERM');
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error('soak services: no answer within 60 s'));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`soak services exited with ${code}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ env: JSON.parse(line) as Record<string, string>, stop });
      }
    });
  });
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
  const services = await startServices(options.provider, url);
  const script = options.kind === 'next' ? ['scripts/dev.ts', '--start'] : ['bench/soak-express.ts'];
  const [cmd, args] = pinned(0, 'npx', ['tsx', ...script]);
  const child: ChildProcess = spawn(cmd, args, {
    cwd: options.cwd,
    env: {
      ...process.env,
      PORT: String(options.port),
      APP_URL: url,
      SESSION_PASSWORD: options.sessionPassword,
      NETID_ISSUER: '',
      OIDC_ISSUER: '',
      AUTH_PROVIDER: '',
      // The bench build's bare route answers only then.
      BENCH_ROUTES: '1',
      ...services.env,
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const root = child.pid!;
  const stop = async (): Promise<void> => {
    services.stop();
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
    const isServer = options.kind === 'next' ? (c: string) => c.startsWith('next-server') : (c: string) => c.includes('loader.mjs bench/soak-express.ts');
    const pid = await waitUntil('serving pid', Date.now() + 10_000, () => findDescendant(root, isServer));
    return { url, pid, rssMb: () => rssMb(pid), cpuSeconds: () => cpuSeconds(pid), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
