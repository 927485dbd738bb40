/**
 * TSDoc `@example`s show the library as a partner uses it: they import only the package's entry
 * points (`netid-rp`, `netid-rp/next`, …) and other packages, never the repo's `@/lib/...` alias
 * or a relative path (which only compile inside this repo). Names of the documented module itself
 * need no import: the checker provides them.
 */
import type { Example } from './extract';

/** One import of a TSDoc example that a partner could not write. */
export interface RepoImport {
  source: string;
  line: number;
  specifier: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/g;

/** The `@/…` and relative imports of TSDoc examples (Markdown examples may import their own virtual files). */
export function repoImports(examples: readonly Example[]): RepoImport[] {
  const found: RepoImport[] = [];
  for (const example of examples) {
    if (example.kind === 'markdown') continue;
    for (const { text, line } of example.code) {
      for (const match of text.matchAll(SPECIFIER)) {
        const specifier = match[2]!;
        if (specifier.startsWith('@/') || specifier.startsWith('.')) found.push({ source: example.source, line, specifier });
      }
    }
  }
  return found;
}
