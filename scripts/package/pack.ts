/**
 * Packs the packages the way `npm publish` would (`npm pack`, which builds dist/ through
 * `prepack`) into `.pack/` (git-ignored) and returns the tarballs' paths: `netid-rp` and its
 * companion `netid-rp-testing` (packages/netid-rp-testing). Used by `npm run test:package` and by
 * the consumer tests when run on their own.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { COMPANION } from './entries';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const PACK_DIR = path.join(ROOT, '.pack');

/** The packed tarballs (absolute paths). */
export interface Tarballs {
  /** `netid-rp`: the production package. */
  netidRp: string;
  /** `netid-rp-testing`: the companion with the simulators and `dev-stack`. */
  testing: string;
}

/** `npm pack [folder]` into `.pack/`; the absolute path of the tarball. */
function pack(folder?: string): string {
  const out = execFileSync('npm', ['pack', ...(folder ? [folder] : []), '--json', '--pack-destination', PACK_DIR], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  });
  // prepack's own output (the build) precedes the JSON on stdout.
  const json = JSON.parse(out.slice(out.indexOf('\n[') + 1)) as { filename: string }[];
  return path.join(PACK_DIR, json[0]!.filename);
}

/** `npm pack` of both packages into `.pack/` (emptied first), as the README's "here" step does. */
export function packTarballs(): Tarballs {
  fs.rmSync(PACK_DIR, { recursive: true, force: true });
  fs.mkdirSync(PACK_DIR, { recursive: true });
  return { netidRp: pack(), testing: pack(`./${COMPANION.root}`) };
}
