/**
 * The floor of the session-read bench: a plain Next.js app (this repository's `next`, an empty
 * `next.config`, no proxy, no `headers()` rules, no other route) whose only route is the bench's
 * bare route, the same code and JSON as bench/next-routes/bare-route.ts. Whatever the reference
 * app's bare route costs above it is the chassis (next.config headers, the proxy matcher, anything
 * else the app adds per request). Its `session` variant adds one route, `GET /api/auth/session`
 * through the package, and nothing else: a plain app that serves the same session traffic as the
 * reference app, so the bench can tell the chassis from what serving that traffic costs the
 * process's other requests. Written and built under `node_modules/.cache/netid-rp-bench/`
 * (ignored by git, tsc and ESLint; Turbopack resolves `next` from this repository's node_modules
 * from there) and rebuilt only when its files or the `next` version change.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BARE_BODY } from './next-routes/bare-body';
import { pinned } from './soak-server';

/** The floor, and the floor plus the package's session route (a plain app serving the same session traffic as ours). */
export type PlainVariant = 'floor' | 'session';
const DIRS: Record<PlainVariant, string> = {
  floor: resolve('node_modules/.cache/netid-rp-bench/plain-app'),
  session: resolve('node_modules/.cache/netid-rp-bench/plain-session-app'),
};
const NEXT_BIN = resolve('node_modules/.bin/next');

/**
 * The `session` variant's additions: `GET /api/auth/session` through the package's core, configured
 * from the environment as a partner's route would be, and a config that lets Turbopack compile the
 * package from this repository's lib/ (as the reference app does), nothing else: no headers rule,
 * no proxy, no other route.
 */
const SESSION_FILES: Record<string, string> = {
  'next.config.mjs': `export default { turbopack: { root: ${JSON.stringify(resolve('.'))}, resolveAlias: { 'netid-rp': '../../../../lib/index.ts' } } };\n`,
  'app/api/auth/session/route.js': [
    "import { createNetIdAuth, optionsFromEnv } from 'netid-rp';",
    "export const dynamic = 'force-dynamic';",
    'const auth = createNetIdAuth({ ...optionsFromEnv(process.env), log: () => {} });',
    'export function GET(request) {',
    '  return auth.session(request);',
    '}',
    '',
  ].join('\n'),
};

/** The app's files: the same bare route as the reference app's bench build, in plain JavaScript. */
function files(variant: PlainVariant): Record<string, string> {
  return {
    'package.json': `${JSON.stringify({ name: `netid-rp-bench-plain-${variant}`, private: true, type: 'module' })}\n`,
    'next.config.mjs': 'export default {};\n',
    'app/api/bench/bare/route.js': [
      "export const dynamic = 'force-dynamic';",
      `const BODY = ${JSON.stringify(BARE_BODY)};`,
      'export function GET() {',
      "  if (process.env.BENCH_ROUTES !== '1') return new Response(null, { status: 404 });",
      "  return new Response(BODY, { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });",
      '}',
      '',
    ].join('\n'),
    ...(variant === 'session' ? SESSION_FILES : {}),
  };
}

/** Every file under `dir`, sorted (the session variant's stamp). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Writes and builds the plain app once (cached by content and `next` version); returns its folder. */
export function preparePlainApp(log: (line: string) => void, variant: PlainVariant = 'floor'): string {
  const DIR = DIRS[variant];
  const app = files(variant);
  const nextVersion = (JSON.parse(readFileSync('node_modules/next/package.json', 'utf8')) as { version: string }).version;
  const hash = createHash('sha256').update(JSON.stringify(app)).update(nextVersion);
  // The session variant compiles lib/: any change there rebuilds it.
  if (variant === 'session') for (const file of sourceFiles('lib')) hash.update(file).update(readFileSync(file));
  const stamp = hash.digest('hex');
  const stampFile = join(DIR, '.bench-stamp');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(DIR, '.next', 'BUILD_ID'))) return DIR;
  log(`plain app: building the ${variant === 'floor' ? 'floor' : 'floor with a session route'} (next ${nextVersion}) in ${DIR}`);
  rmSync(DIR, { recursive: true, force: true });
  for (const [path, text] of Object.entries(app)) {
    mkdirSync(join(DIR, path, '..'), { recursive: true });
    writeFileSync(join(DIR, path), text);
  }
  const build = spawnSync(NEXT_BIN, ['build'], { cwd: DIR, stdio: ['ignore', 'ignore', 'inherit'], timeout: 10 * 60_000, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (build.status !== 0) throw new Error(`plain app: next build failed (exit ${build.status ?? build.signal})`);
  writeFileSync(stampFile, stamp);
  return DIR;
}

/** A running plain app. */
export interface PlainServer {
  url: string;
  /** Pid of the `next start` process (which serves: it does not fork). */
  pid: number;
  stop(): Promise<void>;
}

/** Starts the built plain app with `next start` pinned to `core`, as the reference app is served. */
export async function startPlainApp(dir: string, port: number, core: number, env: Record<string, string> = {}): Promise<PlainServer> {
  const url = `http://127.0.0.1:${port}`;
  const [cmd, args] = pinned(core, NEXT_BIN, ['start', '-p', String(port), '-H', '127.0.0.1']);
  const child: ChildProcess = spawn(cmd, args, {
    cwd: dir,
    env: { ...process.env, ...env, NODE_ENV: 'production', BENCH_ROUTES: '1', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const gone = (): boolean => {
    try {
      process.kill(-child.pid!, 0);
      return false;
    } catch {
      return true;
    }
  };
  const stop = async (): Promise<void> => {
    if (gone()) return;
    process.kill(-child.pid!, 'SIGTERM');
    for (let i = 0; i < 50 && !gone(); i++) await new Promise((r) => setTimeout(r, 300));
    if (!gone()) process.kill(-child.pid!, 'SIGKILL');
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('plain app: next start exited');
    const ok = await fetch(`${url}/api/bench/bare`).then(
      (r) => r.body?.cancel().then(() => r.ok) ?? r.ok,
      () => false,
    );
    if (ok) return { url, pid: child.pid!, stop };
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`plain app: ${url} did not come up within 60 s`);
}
