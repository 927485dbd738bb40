/**
 * `npm run bench`: runs every section in bench/sections (alphabetical; BENCH_ONLY=a,b or
 * `npm run bench -- a b` to pick) and prints `name: value` lines. Each load run is bounded (BENCH_SECONDS) and loopback only.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stopAppServer } from './app-server';

const dir = fileURLToPath(new URL('./sections/', import.meta.url));
const picked = process.env.BENCH_ONLY?.split(',').filter(Boolean) ?? process.argv.slice(2);
const only = picked.length ? picked : undefined;
const sections = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => !only || only.includes(name))
  .sort();

let failed = false;
try {
  for (const name of sections) {
    console.info(`# ${name}`);
    const mod = (await import(`./sections/${name}.ts`)) as { default: () => Promise<void> };
    try {
      await mod.default();
    } catch (err) {
      failed = true;
      console.error(`${name}: failed: ${(err as Error).message}`);
    }
  }
} finally {
  stopAppServer();
}
process.exit(failed ? 1 : 0);
