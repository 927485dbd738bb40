/**
 * `npm run test:package`: packs the two tarballs once (`netid-rp` and its companion
 * `netid-rp-testing`), checks their public surface against the committed API reports
 * (scripts/api/report.ts), lints each with publint and
 * @arethetypeswrong/cli (both offline: a local tarball, no DefinitelyTyped lookups), then runs the
 * consumer tests (tests/consumers: a Next.js app, an Express app and TypeScript projects outside
 * the repo that install the tarballs; every entry imported with plain `node`; `netid-rp` alone
 * installing no simulator package; and the first-hour
 * tests, a new create-next-app@16 app and a new Express app following the README's install section
 * to signed in, in Chromium). Prints how long each part took.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { checkApiReports } from '../api/report';
import { ASSETS } from './entries';
import { packTarballs, ROOT } from './pack';

function timed<T>(label: string, step: () => T): T {
  const started = performance.now();
  try {
    return step();
  } finally {
    console.info(`[test:package] ${label}: ${((performance.now() - started) / 1000).toFixed(1)}s`);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(command, args, { cwd: ROOT, stdio: 'inherit', env, timeout: 1_200_000 });
}

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const tarballs = timed('build + npm pack', packTarballs);
for (const tarball of Object.values(tarballs)) console.info(`[test:package] ${path.relative(ROOT, tarball)}`);
// The packed build's public surface must match the committed API reports (api/; `npm run api:update` rewrites them).
timed('api reports', checkApiReports);
for (const tarball of Object.values(tarballs)) timed(`publint ${path.basename(tarball)}`, () => run(bin('publint'), ['run', tarball, '--strict']));
// ESM only (as openid-client 6 and jose 6): the CommonJS resolutions of the strict profile do not apply.
// Stylesheets (ASSETS) are plain files with no types to resolve: attw would report them as unresolved.
const assets = ASSETS.length > 0 ? ['--exclude-entrypoints', ...ASSETS.map((a) => a.subpath)] : [];
timed('attw', () => run(bin('attw'), [tarballs.netidRp, '--profile', 'esm-only', '--no-definitely-typed', '--no-emoji', '--no-color', ...assets]));
timed('attw netid-rp-testing', () => run(bin('attw'), [tarballs.testing, '--profile', 'esm-only', '--no-definitely-typed', '--no-emoji', '--no-color']));
timed('consumer tests', () =>
  run(bin('vitest'), ['run', '--config', 'vitest.consumers.config.ts'], { ...process.env, NETID_RP_TARBALL: tarballs.netidRp, NETID_RP_TESTING_TARBALL: tarballs.testing }),
);
