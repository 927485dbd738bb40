/**
 * Packs the package the way `npm publish` would (`npm pack`, which builds dist/ through
 * `prepack`) into `.pack/` (git-ignored) and returns the tarball's path. Used by
 * `npm run test:package` and by the consumer tests when run on their own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const PACK_DIR = path.join(ROOT, '.pack');

/** `npm pack` into `.pack/` (emptied first); the absolute path of the tarball. */
export function packTarball(): string {
  fs.rmSync(PACK_DIR, { recursive: true, force: true });
  fs.mkdirSync(PACK_DIR, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', PACK_DIR], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  });
  // prepack's own output (the build) precedes the JSON on stdout.
  const json = JSON.parse(out.slice(out.indexOf('\n[') + 1)) as { filename: string }[];
  return path.join(PACK_DIR, json[0]!.filename);
}
