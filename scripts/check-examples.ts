/**
 * `npm run check:examples`: type-checks every example of the docs against the library.
 *
 * - Every TypeScript fence (```ts, ```typescript, ```tsx) in README.md, docs/*.md and the companion's
 *   packages/netid-rp-testing/README.md.
 * - Every `@example` in the TSDoc of lib/**\/*.ts(x) and of the companion (packages/netid-rp-testing/src):
 *   its TypeScript fences, or, without a fence,
 *   the tag's text as statements (`@example safeReturnTo('/x', 'https://a') // '/x'`).
 *
 * Each example becomes its own module in `.examples/docs/` (git-ignored) and one compiler run
 * checks them all with the repo's strict tsconfig. Failures print as
 * `<source file>:<line>: TS<code>: <message>`; the exit code is non-zero on any failure.
 *
 * Imports: examples import the library as a partner does, by its package entry points (`netid-rp`,
 * `netid-rp/next`, … — scripts/package/entries.ts); the repo's tsconfig `paths` map each to its
 * source, so no build is needed. A TSDoc `@example` that imports `@/lib/...` or a relative path fails
 * (scripts/examples/entry-imports.ts): internal helpers use the names of their own module, which
 * need no import.
 *
 * Conventions for free names (`clientId`, `request`, `auth`, `app`, …):
 * - scripts/examples-prelude.d.ts exports typed declarations of the common ones; an example that
 *   uses such a name without declaring or importing it gets it imported.
 * - TSDoc examples see the named exports of the module they document; names from elsewhere
 *   need their own `import` in the example.
 * - Anything else is declared in the example (`declare const tx: Transaction;`) or, in Markdown,
 *   in an invisible comment right above the block: `<!-- example-prelude: declare const x: X; -->`.
 * - A Markdown block whose first line names a file that is not in the repo
 *   (`// lib/auth-options.ts`) can be imported by later blocks as `@/lib/auth-options`.
 * - Opt-out (rare, say why next to it): ```ts no-check. Opt-outs are counted and listed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkExamples } from './examples/check';
import { repoImports } from './examples/entry-imports';
import { extractMarkdownExamples, extractTsDocExamples, type Example } from './examples/extract';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(ROOT, '.examples', 'docs');
const PRELUDE = path.join(ROOT, 'scripts', 'examples-prelude.d.ts');

/**
 * Allowlist of files whose examples are known to fail: their examples are still compiled and
 * their errors printed, but they do not fail the run; an entry whose examples all pass fails the
 * run, so the list cannot go stale. Empty: keep it so.
 */
const KNOWN_FAILING: readonly string[] = [];

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

function collect(): Example[] {
  const companion = path.join(ROOT, 'packages', 'netid-rp-testing');
  const markdown = [path.join(ROOT, 'README.md'), ...walk(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')), path.join(companion, 'README.md')];
  const sources = [...walk(path.join(ROOT, 'lib')), ...walk(path.join(companion, 'src'))].filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  return [
    ...markdown.filter((f) => fs.existsSync(f)).flatMap((f) => extractMarkdownExamples(fs.readFileSync(f, 'utf8'), rel(f))),
    ...sources.sort().flatMap((f) => extractTsDocExamples(fs.readFileSync(f, 'utf8'), rel(f))),
  ];
}

const started = performance.now();
const examples = collect();
const result = checkExamples(examples, { root: ROOT, outDir: OUT_DIR, preludeFile: PRELUDE });

const partnerless = repoImports(examples);
for (const i of partnerless) console.error(`${i.source}:${i.line}: a TSDoc @example imports '${i.specifier}': import a package entry point (netid-rp, netid-rp/next, …) instead`);

const known = result.failures.filter((f) => KNOWN_FAILING.includes(f.source));
const real = result.failures.filter((f) => !KNOWN_FAILING.includes(f.source));
for (const f of real) console.error(`${f.source}:${f.line}: ${f.message}`);
for (const f of known) console.warn(`${f.source}:${f.line}: ${f.message} (known failure, allowlisted in scripts/check-examples.ts)`);
const stale = KNOWN_FAILING.filter((source) => !known.some((f) => f.source === source));
for (const source of stale) console.error(`${source}: allowlisted as known failing, but its examples pass (or are gone): remove it from KNOWN_FAILING in scripts/check-examples.ts`);
for (const e of result.skipped) console.info(`${e.source}:${e.line}: skipped (no-check)`);

const knownExamples = new Set(known.map((f) => `${f.source}:${f.exampleLine}`)).size;
const failed = new Set(real.map((f) => `${f.source}:${f.exampleLine}`)).size;
const parts = [`${result.checked} checked`, `${failed} failed`, `${result.skipped.length} skipped (no-check)`];
if (KNOWN_FAILING.length > 0) parts.push(`${knownExamples} known failing (allowlist)`);
console.info(`examples: ${parts.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)}s`);
process.exitCode = failed > 0 || stale.length > 0 || partnerless.length > 0 ? 1 : 0;
