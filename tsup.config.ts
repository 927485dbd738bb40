/**
 * Library build (`npm run build:lib`, run by `npm pack` through `prepack`): compiled ESM and
 * bundled `.d.ts` under dist/, one entry per line of scripts/package/entries.ts. Server entries are
 * built together so they share chunks (one `NetIdError` class, one session cache, whichever
 * subpaths an app imports); client entries are built on their own, unsplit, so the `'use client'` directive that
 * opens their source stays the first line of their file (esbuild keeps an entry's directives,
 * but a shared chunk would lose them); the consumer tests check it on the packed tarball.
 */
import { defineConfig, type Options } from 'tsup';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ASSETS, BINS, distName, ENTRIES } from './scripts/package/entries';

const entriesOf = (client: boolean) => Object.fromEntries(ENTRIES.filter((e) => !!e.client === client).map((e) => [distName(e), e.source]));

const bins = Object.fromEntries(Object.values(BINS).map((b) => [b.dist, b.source]));

const common: Options = {
  format: ['esm'],
  dts: true,
  tsconfig: 'tsconfig.build.json',
  sourcemap: false,
  outDir: 'dist',
  // Keep `node:` specifiers as written (tsup strips them by default).
  removeNodeProtocol: false,
  // Dependencies and peers stay imports (tsup's default); so does the companion `netid-rp-testing`,
  // which only `netid-rp token --dev` loads, when installed (never bundled: the repo's paths map it to source).
  external: ['netid-rp-testing'],
};

export default defineConfig([
  { ...common, entry: { ...entriesOf(false), ...bins }, dts: { entry: entriesOf(false) }, target: 'node20', platform: 'node', splitting: true, clean: false,
    // Stylesheets ship as they are (e.g. `netid-rp/react/netid-button.css`).
    onSuccess: async () => {
      for (const asset of ASSETS) {
        mkdirSync(dirname(`dist/${asset.dist}`), { recursive: true });
        copyFileSync(asset.source, `dist/${asset.dist}`);
      }
    },
  },
  { ...common, entry: entriesOf(true), target: 'es2022', platform: 'browser', splitting: false, clean: false },
]);
