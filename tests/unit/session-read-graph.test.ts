/**
 * What a process that only reads sessions loads: the package's main entry and its Next.js adapter
 * (what the reference app's proxy imports) must not evaluate openid-client, oauth4webapi or undici
 * at import time. They are loaded on first use (lib/auth/openid-client-loader.ts,
 * lib/http/outbound-text.ts): in the reference app's build that took the proxy's chunk from 660 to
 * 205 KB and its heap after load from 11.5 to 9.6 MB (docs/session-read.md).
 *
 * esbuild's metafile tells a static import from a dynamic `import()`: the packages reached from the
 * entries through static imports only are what an import of the entries evaluates.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const LAZY = ['openid-client', 'oauth4webapi', 'undici'];

async function metafileOf(entries: string[]): Promise<Metafile> {
  const result = await build({
    stdin: { contents: entries.map((e) => `export * from ${JSON.stringify(e)};`).join('\n'), resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return result.metafile;
}

/** Packages (bare specifiers) reached from the entry through imports of `kinds`. */
function packagesReached(metafile: Metafile, kinds: (kind: string) => boolean): Set<string> {
  const reached = new Set<string>();
  const seen = new Set<string>(['<stdin>']);
  const queue = ['<stdin>'];
  while (queue.length) {
    const file = metafile.inputs[queue.shift()!];
    for (const edge of file?.imports ?? []) {
      if (!kinds(edge.kind)) continue;
      if (edge.external) reached.add(edge.path.startsWith('@') ? edge.path.split('/').slice(0, 2).join('/') : edge.path.split('/')[0]!);
      else if (!seen.has(edge.path)) {
        seen.add(edge.path);
        queue.push(edge.path);
      }
    }
  }
  return reached;
}

describe('the session-read import graph', () => {
  it('loads openid-client, oauth4webapi and undici only through import()', async () => {
    const metafile = await metafileOf(['./lib/index.ts', './lib/adapters/next/index.ts']);
    const statics = packagesReached(metafile, (kind) => kind !== 'dynamic-import');
    const all = packagesReached(metafile, () => true);
    for (const name of LAZY.filter((n) => n !== 'oauth4webapi')) {
      expect(all, `${name} is reachable at all`).toContain(name);
      expect(statics, `${name} is not imported statically`).not.toContain(name);
    }
    expect(statics).not.toContain('oauth4webapi');
    // What the read does need stays a static import: the sealing library and the schema library.
    expect(statics).toContain('iron-session');
    expect(statics).toContain('zod');
  });
});
