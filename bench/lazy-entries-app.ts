/**
 * The reference app's own build served with Next's entry preload off: a folder whose every entry
 * links to this repository's (the `.next` build, `node_modules`, the scripts), except a
 * `next.config.js` that takes the app's config and sets `experimental.preloadEntriesOnStart: false`.
 * `next start` then loads a page or route module on its first request instead of all of them at
 * start, so a server sent only the bench's bare route never loads the app's pages. The bench's control
 * row `ours_bare_alone_lazy` runs there: against `ours_bare_alone` (the same build, entries
 * preloaded) it is what the app's preloaded pages cost its API routes (docs/session-read.md).
 *
 * `{ chassis: false }` also takes the chassis out of that build, in the manifests `next start`
 * reads: no `headers()` rule (`routes-manifest.json`) and no proxy (`functions-config-manifest.json`),
 * everything else the same (row `ours_bare_alone_no_chassis`): against it, the lazy row is what the
 * chassis alone costs inside the app's own build.
 * Written under `node_modules/.cache/netid-rp-bench/` (ignored by git, tsc and ESLint) afresh per call.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CONFIG = 'next.config.js';
/** Not linked: git's folder, and the lockfile (a second one under this repository's makes `next start` warn about the workspace root). */
const SKIPPED = ['.git', 'package-lock.json'];

/** Links every entry of `from` into `to`, except those named in `own` (written by the caller). */
function linkAll(from: string, to: string, own: readonly string[]): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) if (!own.includes(entry) && !SKIPPED.includes(entry)) symlinkSync(join(from, entry), join(to, entry));
}

/** Copies a JSON file with `change` applied. */
function rewriteJson(from: string, to: string, change: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(from, 'utf8')) as Record<string, unknown>;
  change(json);
  writeFileSync(to, JSON.stringify(json));
}

/** Writes the folder (links, the config and, without the chassis, the two manifests) and returns it. */
export function prepareLazyEntriesApp(options: { chassis?: boolean } = {}): string {
  const chassis = options.chassis !== false;
  const root = resolve('.');
  const dir = resolve(`node_modules/.cache/netid-rp-bench/ours-lazy-entries${chassis ? '' : '-no-chassis'}`);
  rmSync(dir, { recursive: true, force: true });
  linkAll(root, dir, chassis ? [CONFIG] : [CONFIG, '.next']);
  writeFileSync(
    join(dir, CONFIG),
    [
      `import base from ${JSON.stringify(pathToFileURL(join(root, CONFIG)).href)};`,
      `export default { ...base, ${chassis ? '' : 'headers: undefined, '}experimental: { ...base.experimental, preloadEntriesOnStart: false } };`,
      '',
    ].join('\n'),
  );
  if (!chassis) {
    const build = join(root, '.next');
    linkAll(build, join(dir, '.next'), ['routes-manifest.json', 'server']);
    rewriteJson(join(build, 'routes-manifest.json'), join(dir, '.next/routes-manifest.json'), (m) => (m.headers = []));
    linkAll(join(build, 'server'), join(dir, '.next/server'), ['functions-config-manifest.json']);
    rewriteJson(join(build, 'server/functions-config-manifest.json'), join(dir, '.next/server/functions-config-manifest.json'), (m) => (m.functions = {}));
  }
  return dir;
}
