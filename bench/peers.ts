/**
 * The peers of the session-read bench: the small Next app in `../shared/peers-bench` (bare route,
 * iron-session, next-auth and nextjs-auth0 session routes; see its README), for the bench only.
 * It is read-only there, so it is copied to a cache folder outside the repository
 * (`$XDG_CACHE_HOME/netid-rp-bench/peers-bench`, default `~/.cache`), installed with `npm ci` and
 * built once; the copy is reused while the source folder's content (and the port) stay the same.
 * `PEERS_BENCH_DIR` points elsewhere. Nothing in the product uses any of this.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pinned } from './soak-server';

/** Where the peers' source is expected, relative to the repository root. */
export const PEERS_SOURCE = resolve(process.env.PEERS_BENCH_DIR ?? '../shared/peers-bench');

/** A running peers server. */
export interface PeersServer {
  url: string;
  /** Pid of the `next start` process (which serves: it does not fork). */
  pid: number;
  /** One Cookie header per peer for the one-user runs (next-auth's with its steady-state csrf/callback cookies). */
  oneUser: Record<PeerName, string>;
  /** Files with `users` Cookie headers a line, per peer (minted by the peers' own script). */
  manyUsers: Record<PeerName, string>;
  stop(): Promise<void>;
}

export type PeerName = 'iron' | 'nextauth' | 'auth0';

/** Route of each peer on the peers server. */
export const PEER_ROUTES: Record<PeerName | 'bare', string> = {
  bare: '/api/bare',
  iron: '/api/iron',
  nextauth: '/api/auth/session',
  auth0: '/api/auth0',
};

/** True when the peers' folder is there (the bench skips them otherwise, and says so). */
export function peersAvailable(): boolean {
  return existsSync(join(PEERS_SOURCE, 'package.json'));
}

function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'netid-rp-bench');
}

/** Content hash of the peers' source files (not node_modules, .next or generated cookies). */
function sourceHash(dir: string, hash = createHash('sha256'), rel = ''): string {
  for (const entry of readdirSync(join(dir, rel)).sort()) {
    if (['node_modules', '.next', 'results'].includes(entry) || entry.startsWith('cookies')) continue;
    const path = join(rel, entry);
    if (statSync(join(dir, path)).isDirectory()) sourceHash(dir, hash, path);
    else hash.update(path).update('\0').update(readFileSync(join(dir, path))).update('\0');
  }
  return rel ? '' : hash.digest('hex');
}

/** The variables of the peers' env.sh (`export K="V"` lines), with the port moved to ours. */
function peersEnv(dir: string, port: number): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const m of readFileSync(join(dir, 'env.sh'), 'utf8').matchAll(/^export\s+([A-Z0-9_]+)="?([^"\n]*)"?$/gm)) env[m[1]!] = m[2]!;
  const url = `http://127.0.0.1:${port}`;
  return { ...process.env, ...env, PORT: String(port), NEXTAUTH_URL: url, APP_BASE_URL: url, NODE_ENV: 'production' };
}

function makeWritable(path: string): void {
  chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, what: string): void {
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 15 * 60_000 });
  if (r.status !== 0) throw new Error(`peers: ${what} failed (exit ${r.status ?? r.signal})`);
}

/** Copies, installs and builds the peers app once (cached by content and port); returns its folder. */
export function preparePeers(port: number, log: (line: string) => void): string {
  const dir = join(cacheRoot(), 'peers-bench');
  const stamp = `${sourceHash(PEERS_SOURCE)} port ${port}`;
  const stampFile = join(dir, '.bench-stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(dir, '.next', 'BUILD_ID'))) return dir;
  log(`peers: installing and building ${PEERS_SOURCE} in ${dir} (once; cached)`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(PEERS_SOURCE, dir, { recursive: true, filter: (src) => !/[/\\](node_modules|\.next|results)([/\\]|$)/.test(src) });
  makeWritable(dir);
  const env = peersEnv(dir, port);
  run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], dir, env, 'npm ci');
  run(join(dir, 'node_modules/.bin/next'), ['build'], dir, env, 'next build');
  writeFileSync(stampFile, stamp);
  return dir;
}

async function waitUntil(what: string, deadline: number, probe: () => Promise<boolean>): Promise<void> {
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what}: timed out`);
}

/** Starts the built peers app pinned to `core`, mints its cookies with its own scripts, and returns it. */
export async function startPeers(dir: string, port: number, core: number, users: number): Promise<PeersServer> {
  const env = peersEnv(dir, port);
  const url = `http://127.0.0.1:${port}`;
  run(process.execPath, ['mk-cookies.mjs'], dir, env, 'mk-cookies.mjs');
  run(process.execPath, ['mk-many-cookies.mjs', String(users)], dir, env, 'mk-many-cookies.mjs');
  const [cmd, args] = pinned(core, join(dir, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1']);
  const child: ChildProcess = spawn(cmd, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  const stop = async (): Promise<void> => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    await waitUntil('peers stop', Date.now() + 15_000, async () => {
      try {
        process.kill(-child.pid!, 0);
        return false;
      } catch {
        return true;
      }
    }).catch(() => process.kill(-child.pid!, 'SIGKILL'));
  };
  try {
    await waitUntil(`${url} up`, Date.now() + 60_000, async () => {
      if (child.exitCode !== null) throw new Error('peers server exited');
      return (await fetch(`${url}${PEER_ROUTES.bare}`)).ok;
    });
    run(process.execPath, ['nextauth-steady.mjs'], dir, env, 'nextauth-steady.mjs');
    const c = JSON.parse(readFileSync(join(dir, 'cookies.json'), 'utf8')) as Record<PeerName, { header: string; headerSteady?: string }>;
    const steady = c.nextauth.headerSteady ?? c.nextauth.header;
    // A browser keeps next-auth's csrf/callback cookies beside the session token: add them to every user,
    // or next-auth would mint and Set-Cookie both on every request.
    const extras = steady.split('; ').slice(1).join('; ');
    const nextauthMany = join(dir, 'cookies-nextauth-steady.txt');
    const lines = readFileSync(join(dir, 'cookies-nextauth.txt'), 'utf8').split('\n').filter(Boolean);
    writeFileSync(nextauthMany, lines.map((l) => (extras ? `${l}; ${extras}` : l)).join('\n') + '\n');
    return {
      url,
      pid: child.pid!,
      oneUser: { iron: c.iron.header, nextauth: steady, auth0: c.auth0.header },
      manyUsers: { iron: join(dir, 'cookies-iron.txt'), nextauth: nextauthMany, auth0: join(dir, 'cookies-auth0.txt') },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
