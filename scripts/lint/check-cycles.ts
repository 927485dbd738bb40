/**
 * `npm run lint` (after ESLint): no import cycle in lib/ or the companion package's sources
 * (packages/netid-rp-testing/src), type-only imports included.
 *
 * dpdm parses every file of lib/ with the TypeScript compiler (tsconfig `paths` resolved, `import type`
 * kept: `transform: false`) and a depth-first search reports every back edge, so an empty report means
 * the import graph of lib/ has no cycle at all. Dynamic `import()` counts too: a lazy cycle is still a
 * cycle of the layers.
 */
import { parseCircular, parseDependencyTree } from 'dpdm';

/**
 * Import edges left out of the check, `issuer:dependency` as regular expressions. Each entry says why
 * and who removes it; a new entry needs the same.
 */
const ALLOWED_EDGES: [string, string][] = [];

async function main(): Promise<void> {
  const tree = await parseDependencyTree(['lib/**/*.ts', 'lib/**/*.tsx', 'packages/netid-rp-testing/src/**/*.ts'], {
    context: process.cwd(),
    tsconfig: 'tsconfig.json',
    transform: false,
    skipDynamicImports: false,
  });
  const cycles = parseCircular(tree, false, ALLOWED_EDGES);
  const files = Object.keys(tree).filter((id) => id.startsWith('lib/') || id.startsWith('packages/')).length;
  if (cycles.length === 0) {
    console.info(`check-cycles: no import cycle in lib/ and packages/ (${files} files, type imports included)`);
    return;
  }
  console.error(`check-cycles: ${cycles.length} import cycle(s) (type imports included):`);
  for (const cycle of cycles) console.error(`  ${[...cycle, cycle[0]].join(' -> ')}`);
  process.exitCode = 1;
}

await main();
