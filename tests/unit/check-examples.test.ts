import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExamples, type CheckResult } from '../../scripts/examples/check';
import { repoImports } from '../../scripts/examples/entry-imports';
import { extractMarkdownExamples, extractTsDocExamples, type Example } from '../../scripts/examples/extract';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BASE = path.join(ROOT, '.examples', `test-${process.pid}`);
const HOST_REL = path.relative(ROOT, path.join(BASE, 'fixture', 'host.ts')).split(path.sep).join('/');

/** Line numbers are asserted below: keep the fixtures' line layout. */
const MARKDOWN = [
  '# Fixture', //                                                        1
  '', //                                                                 2
  '```sh', //                                                            3
  'npm run check:examples', //                                           4
  '```', //                                                              5
  '', //                                                                 6
  '```ts', //                                                            7
  "import { safeReturnTo } from '@/lib/auth';", //                       8
  "const path: string = safeReturnTo('/x', 'https://app.example');", //  9
  'const id: string = clientId; // from the shared prelude', //         10
  '```', //                                                             11
  '', //                                                                12
  '<!-- example-prelude: declare const total: number; -->', //          13
  '```typescript', //                                                   14
  "import { safeReturnTo } from '@/lib/auth';", //                      15
  'const sum: number = total + 1;', //                                  16
  "const wrong: string = safeReturnTo('/x');", //                       17
  '```', //                                                             18
  '', //                                                                19
  '```ts no-check', //                                                  20
  'this is not TypeScript', //                                          21
  '```', //                                                             22
  '', //                                                                23
  '- in a list:', //                                                    24
  '  ```ts', //                                                         25
  '  const n: number = clientSecret;', //                               26
  '  ```', //                                                           27
].join('\n');

const HOST = [
  '/** Doubles. */', //                                                  1
  'export function double(n: number): number {', //                     2
  '  return n * 2;', //                                                  3
  '}', //                                                                4
  '', //                                                                 5
  '/**', //                                                              6
  ' * Halves.', //                                                       7
  ' *', //                                                               8
  ' * @example half(4) // 2', //                                         9
  " * @example half('4') // not a number", //                           10
  ' * @example', //                                                     11
  ' * ```ts', //                                                        12
  ' * const four: number = double(half(4));', //                        13
  ' * ```', //                                                          14
  ' * @example', //                                                     15
  ' * Title text before the fence is not code.', //                     16
  ' * ```ts', //                                                        17
  ' * const ok = half(2);', //                                          18
  ' * const bad: string = double(ok);', //                              19
  ' * ```', //                                                          20
  ' */', //                                                             21
  'export const half = (n: number): number => n / 2;', //               22
  '', //                                                                23
  "export const notAComment = '/** @example missing() */';", //         24
].join('\n');

let result: CheckResult;

beforeAll(() => {
  fs.mkdirSync(path.dirname(path.join(ROOT, HOST_REL)), { recursive: true });
  fs.writeFileSync(path.join(ROOT, HOST_REL), HOST);
  const examples = [...extractMarkdownExamples(MARKDOWN, 'docs/fixture.md'), ...extractTsDocExamples(HOST, HOST_REL)];
  result = checkExamples(examples, { root: ROOT, outDir: path.join(BASE, 'out'), preludeFile: path.join(ROOT, 'scripts', 'examples-prelude.d.ts') });
}, 120_000);

afterAll(() => fs.rmSync(BASE, { recursive: true, force: true }));

describe('extract', () => {
  it('finds the TypeScript fences of Markdown with their first code line, prelude and opt-out', () => {
    const examples = extractMarkdownExamples(MARKDOWN, 'docs/fixture.md');
    expect(examples.map((e) => [e.line, e.skipped])).toEqual([
      [8, false],
      [15, false],
      [21, true],
      [26, false],
    ]);
    expect(examples[1]!.prelude).toEqual([{ text: ' declare const total: number; ', line: 13 }]);
    expect(examples[3]!.code).toEqual([{ text: 'const n: number = clientSecret;', line: 26 }]);
  });

  it('finds fenced and one-line @example tags, not look-alikes in strings', () => {
    const examples = extractTsDocExamples(HOST, 'host.ts');
    expect(examples.map((e) => [e.kind, e.line, e.code.map((l) => l.text)])).toEqual([
      ['tsdoc-inline', 9, ['half(4) // 2']],
      ['tsdoc-inline', 10, ["half('4') // not a number"]],
      ['tsdoc', 13, ['const four: number = double(half(4));']],
      ['tsdoc', 18, ['const ok = half(2);', 'const bad: string = double(ok);']],
    ]);
  });
});

describe('check', () => {
  const at = (source: string) => result.failures.filter((f) => f.source === source).map((f) => [f.line, f.message.split(':')[0]]);

  it('reports the bad Markdown blocks at their Markdown lines, and only those', () => {
    expect(at('docs/fixture.md')).toEqual([
      [17, 'TS2554'], // safeReturnTo needs two arguments
      [26, 'TS2322'], // clientSecret (prelude) is a string
    ]);
  });

  it('reports the bad @example tags at their comment lines, with the module exports in scope', () => {
    expect(at(HOST_REL)).toEqual([
      [10, 'TS2345'],
      [19, 'TS2322'],
    ]);
  });

  it('counts checked, failed and opted-out examples', () => {
    expect(result.checked).toBe(7);
    expect(result.failedExamples).toBe(4);
    expect(result.skipped.map((e) => e.line)).toEqual([21]);
  });
});

describe('TSDoc examples import entry points only', () => {
  it('reports @/lib and relative imports of TSDoc examples, not of Markdown ones or entry points', () => {
    const code = (...lines: string[]) => lines.map((text, i) => ({ text, line: i + 1 }));
    const found = repoImports([
      { source: 'lib/a.ts', line: 1, kind: 'tsdoc', lang: 'ts', prelude: [], skipped: false, code: code("import { x } from '@/lib/http';", "import { y } from 'netid-rp/next';", "const z = await import('./z');") },
      { source: 'README.md', line: 1, kind: 'markdown', lang: 'ts', prelude: [], skipped: false, code: code("import { authOptions } from '@/lib/auth-options';") },
    ] as Example[]);
    expect(found).toEqual([
      { source: 'lib/a.ts', line: 1, specifier: '@/lib/http' },
      { source: 'lib/a.ts', line: 3, specifier: './z' },
    ]);
  });
});
