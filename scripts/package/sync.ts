/**
 * `npm run sync:package [-- --check]`: writes the `exports` and `bin` maps of package.json and the package's
 * tsconfig `paths` from scripts/package/entries.ts. `--check` only compares and exits 1 on a
 * difference (the unit test does the same).
 */
import fs from 'node:fs';
import path from 'node:path';
import { binMap, exportsMap, sourcePaths } from './entries';

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

  return [
    { file: pkgFile, current: pkgText, wanted: `${JSON.stringify(pkg, null, 2)}\n` },
    { file: tsFile, current: tsText, wanted: `${JSON.stringify(tsconfig, null, 2)}\n` },
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
