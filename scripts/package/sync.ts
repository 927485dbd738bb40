/**
 * `npm run sync:package [-- --check]`: writes the `exports` and `bin` maps of package.json and the package's
 * tsconfig `paths` from scripts/package/entries.ts, and the companion's package.json
 * (packages/netid-rp-testing: its `exports` and `bin`, the version of netid-rp, and the `netid-rp` peer range). `--check` only compares and exits 1 on a
 * difference (the unit test does the same).
 */
import fs from 'node:fs';
import path from 'node:path';
import { binMap, COMPANION, companionBinMap, companionExportsMap, exportsMap, sourcePaths } from './entries';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** The package.json and tsconfig.json texts as they should be, and as they are. */
export function packageFiles(root = ROOT): { file: string; current: string; wanted: string }[] {
  const pkgFile = path.join(root, 'package.json');
  const pkgText = fs.readFileSync(pkgFile, 'utf8');
  const pkg = JSON.parse(pkgText) as Record<string, unknown>;
  pkg.bin = binMap();
  pkg.exports = exportsMap();

  const tsFile = path.join(root, 'tsconfig.json');
  const tsText = fs.readFileSync(tsFile, 'utf8');
  const tsconfig = JSON.parse(tsText) as { compilerOptions: { paths?: Record<string, string[]> } };
  const paths = sourcePaths();
  const kept = Object.fromEntries(Object.entries(tsconfig.compilerOptions.paths ?? {}).filter(([key]) => key === '@/*'));
  tsconfig.compilerOptions.paths = { ...kept, ...paths };

  // The companion is released with netid-rp's version and needs that release line of it.
  const companionFile = path.join(root, COMPANION.root, 'package.json');
  const companionText = fs.readFileSync(companionFile, 'utf8');
  const companion = JSON.parse(companionText) as Record<string, unknown> & { peerDependencies?: Record<string, string> };
  companion.version = pkg.version;
  companion.bin = companionBinMap();
  companion.exports = companionExportsMap();
  companion.peerDependencies = { ...companion.peerDependencies, [pkg.name as string]: `^${pkg.version as string}` };

  return [
    { file: pkgFile, current: pkgText, wanted: `${JSON.stringify(pkg, null, 2)}\n` },
    { file: tsFile, current: tsText, wanted: `${JSON.stringify(tsconfig, null, 2)}\n` },
    { file: companionFile, current: companionText, wanted: `${JSON.stringify(companion, null, 2)}\n` },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, current, wanted } of packageFiles()) {
    if (current === wanted) continue;
    stale += 1;
    if (check) console.error(`${path.relative(ROOT, file)} is out of date with scripts/package/entries.ts: run npm run sync:package`);
    else fs.writeFileSync(file, wanted);
  }
  if (check && stale > 0) process.exitCode = 1;
  else console.info(check ? 'package entries: in sync' : `package entries: ${stale} file(s) written`);
}
