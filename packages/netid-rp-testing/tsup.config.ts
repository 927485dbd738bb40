/**
 * The companion's build (`npm run build` here, run by `npm pack` through `prepack`): compiled ESM
 * and bundled `.d.ts` under packages/netid-rp-testing/dist, its entries and bin from
 * scripts/package/entries.ts (COMPANION). `netid-rp` and every `netid-rp/*` entry stay imports
 * (matched on the specifier, before the repo's tsconfig `paths` would resolve them to lib/): the
 * companion runs against the netid-rp a partner installed, never a copy of it.
 */
import { defineConfig } from 'tsup';
import { COMPANION, distName, ENTRIES, specifier } from '../../scripts/package/entries';

const entries = Object.fromEntries(COMPANION.entries.map((e) => [distName(e), e.source.slice(`${COMPANION.root}/`.length)]));
const bins = Object.fromEntries(Object.values(COMPANION.bins).map((b) => [b.dist, b.source.slice(`${COMPANION.root}/`.length)]));

// The declarations are checked against netid-rp's sources (the repo's tsconfig `paths`, written here
// relative to this folder: tsup does not rebase the `paths` a tsconfig inherits) and keep importing it by name.
const netidRpPaths = Object.fromEntries(ENTRIES.map((e) => [specifier(e), [`../../${e.source}`]]));

export default defineConfig({
  entry: { ...entries, ...bins },
  dts: { entry: entries, compilerOptions: { paths: netidRpPaths } },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  splitting: true,
  clean: false,
  sourcemap: false,
  outDir: 'dist',
  tsconfig: 'tsconfig.build.json',
  // Keep `node:` specifiers as written (tsup strips them by default).
  removeNodeProtocol: false,
  // Its dependencies and the netid-rp peer stay imports (tsup's default); said again for netid-rp's subpaths.
  external: [/^netid-rp(\/.*)?$/],
});
