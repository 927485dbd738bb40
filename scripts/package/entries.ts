/**
 * The package's entry points: one line per subpath of `exports`. Everything else follows from this
 * table: the build (tsup.config.ts), the `exports` map of package.json and the reference app's
 * tsconfig `paths` (both written by `npm run sync:package`; tests/unit/package-entries.test.ts fails
 * when they disagree with it), and the consumer test that imports every subpath.
 *
 * Adding a subpath (e.g. `./redis` → `lib/redis/index.ts`): add its line here, run
 * `npm run sync:package`, commit the three files.
 */
export interface PackageEntry {
  /** The `exports` key: `.` or `./<name>`. */
  subpath: string;
  /** The TypeScript source it is built from (and that tsconfig `paths` maps it to in this repo). */
  source: string;
  /** A client module (React hooks, the browser bridge `/cmp`): built separately for the browser, unsplit, so a `'use client'` directive is kept. */
  client?: boolean;
}

export const PACKAGE_NAME = 'netid-rp';

export const ENTRIES: readonly PackageEntry[] = [
  { subpath: '.', source: 'lib/index.ts' },
  { subpath: './next', source: 'lib/adapters/next/index.ts' },
  { subpath: './next/client', source: 'lib/adapters/next-client/index.tsx', client: true },
  { subpath: './express', source: 'lib/adapters/express/index.ts' },
  { subpath: './next-auth', source: 'lib/adapters/next-auth/index.ts' },
  { subpath: './permission-center', source: 'lib/permission-center/index.ts' },
  { subpath: './m2m', source: 'lib/m2m/index.ts' },
  { subpath: './testing', source: 'lib/testing/index.ts' },
  { subpath: './redis', source: 'lib/redis/index.ts' },
  { subpath: './react', source: 'lib/react/index.ts' },
  { subpath: './cmp', source: 'lib/cmp/index.ts', client: true },
  { subpath: './fastify', source: 'lib/adapters/fastify/index.ts' },
  { subpath: './hono', source: 'lib/adapters/hono/index.ts' },
  { subpath: './better-auth', source: 'lib/adapters/better-auth/index.ts' },
  { subpath: './better-auth/client', source: 'lib/adapters/better-auth-client/index.ts' },
  { subpath: './authjs', source: 'lib/adapters/authjs/index.ts' },
];

/** Files shipped as they are (stylesheets), each its own `exports` subpath: copied to dist/ by the build. */
export const ASSETS: readonly { subpath: string; source: string; dist: string }[] = [
  { subpath: './react/netid-button.css', source: 'lib/react/netid-button.css', dist: 'react/netid-button.css' },
];

/** The package's executables (`bin`): name → the source of its entry and its file under dist/. */
export const BINS: Readonly<Record<string, { source: string; dist: string }>> = {
  'netid-rp': { source: 'lib/cli/bin.ts', dist: 'cli' },
};

/** The `bin` map of package.json for {@link BINS}. */
export function binMap(): Record<string, string> {
  return Object.fromEntries(Object.entries(BINS).map(([name, bin]) => [name, `./dist/${bin.dist}.js`]));
}

/** The file name (without extension) under dist/ of an entry: `index`, `next/index`, `next/client`, … */
export function distName(entry: PackageEntry): string {
  if (entry.subpath === '.') return 'index';
  const name = entry.subpath.slice(2);
  return entry.client ? name : `${name}/index`;
}

/** The module specifier a consumer writes: `netid-rp`, `netid-rp/next`, … */
export function specifier(entry: PackageEntry): string {
  return entry.subpath === '.' ? PACKAGE_NAME : `${PACKAGE_NAME}/${entry.subpath.slice(2)}`;
}

/** The `exports` map of package.json for {@link ENTRIES}. */
export function exportsMap(): Record<string, { types: string; default: string } | string> {
  const map: Record<string, { types: string; default: string } | string> = {};
  for (const entry of ENTRIES) {
    const name = distName(entry);
    map[entry.subpath] = { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` };
  }
  for (const asset of ASSETS) map[asset.subpath] = `./dist/${asset.dist}`;
  map['./package.json'] = './package.json';
  return map;
}

/** The tsconfig `paths` that let this repo (the reference app, scripts) import the entries from source. */
export function sourcePaths(): Record<string, string[]> {
  return Object.fromEntries([
    ...ENTRIES.map((entry) => [specifier(entry), [`./${entry.source}`]]),
    ...COMPANION.entries.map((entry) => [companionSpecifier(entry), [`./${entry.source}`]]),
  ]);
}

/**
 * The companion package `netid-rp-testing` (packages/netid-rp-testing): the simulators and the
 * `dev-stack` command, built and packed from this repository by the same scripts, released with the
 * same version. It imports `netid-rp` only through the entries above (its build keeps them external).
 */
export const COMPANION = {
  name: 'netid-rp-testing',
  /** Its folder, relative to the repository root. */
  root: 'packages/netid-rp-testing',
  entries: [{ subpath: '.', source: 'packages/netid-rp-testing/src/index.ts' }] as readonly PackageEntry[],
  bins: { 'netid-rp-testing': { source: 'packages/netid-rp-testing/src/cli/bin.ts', dist: 'cli' } } as Readonly<Record<string, { source: string; dist: string }>>,
} as const;

/** The companion's module specifier for one of its entries: `netid-rp-testing`, … */
export function companionSpecifier(entry: PackageEntry): string {
  return entry.subpath === '.' ? COMPANION.name : `${COMPANION.name}/${entry.subpath.slice(2)}`;
}

/** The companion's `exports` map (paths relative to its own folder). */
export function companionExportsMap(): Record<string, { types: string; default: string } | string> {
  const map: Record<string, { types: string; default: string } | string> = {};
  for (const entry of COMPANION.entries) {
    const name = distName(entry);
    map[entry.subpath] = { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` };
  }
  map['./package.json'] = './package.json';
  return map;
}

/** The companion's `bin` map. */
export function companionBinMap(): Record<string, string> {
  return Object.fromEntries(Object.entries(COMPANION.bins).map(([name, bin]) => [name, `./dist/${bin.dist}.js`]));
}
