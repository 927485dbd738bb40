/**
 * Finds the code examples of the docs: fenced TypeScript blocks in Markdown and `@example` tags
 * in TSDoc comments. Pure functions over text (no file system), so tests can feed them fixtures.
 *
 * Conventions (see scripts/check-examples.ts for the whole list):
 * - Markdown: ```ts, ```typescript, ```tsx (also mts/cts) blocks are examples. A block may be
 *   preceded by an invisible `<!-- example-prelude: ... -->` comment whose TypeScript is checked
 *   in front of the block (typed `declare` lines, imports).
 * - TSDoc: the TypeScript fences inside an `@example` tag are examples; an `@example` without a
 *   fence (a one-liner such as `@example safeReturnTo('/x', 'https://a') // '/x'`) is an example
 *   too, checked as statements.
 * - Opt-out: a fence info string with `no-check` (```ts no-check) marks a deliberately
 *   uncompilable block; it is counted and reported as skipped, never silently dropped.
 */
import ts from 'typescript';

/** Fence languages that are TypeScript. */
const TS_LANGS = new Set(['ts', 'typescript', 'tsx', 'mts', 'cts']);
/** The info-string word that opts a block out of the check. */
export const NO_CHECK_MARKER = 'no-check';

/** One line of example code and the source line (1-based) it came from. */
export interface SourceLine {
  text: string;
  line: number;
}

export interface Example {
  /** Repo-relative path of the file the example lives in. */
  source: string;
  /** 1-based line of the block's first code line (of the `@example` tag for one-liners). */
  line: number;
  kind: 'markdown' | 'tsdoc' | 'tsdoc-inline';
  /** `tsx` when the fence says so. */
  lang: 'ts' | 'tsx';
  /** Hidden code checked in front of the example (Markdown `<!-- example-prelude: -->`). */
  prelude: SourceLine[];
  /** The example's code, line by line, with the source line of each. */
  code: SourceLine[];
  /** Set when the fence carries the opt-out marker. */
  skipped: boolean;
}

interface Fence {
  char: '`' | '~';
  size: number;
  indent: number;
  info: string;
}

function openFence(line: string): Fence | undefined {
  const m = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m) return undefined;
  const marks = m[2]!;
  const info = m[3]!.trim();
  if (marks[0] === '`' && info.includes('`')) return undefined;
  return { char: marks[0] as Fence['char'], size: marks.length, indent: m[1]!.length, info };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return !!m && m[1]![0] === fence.char && m[1]!.length >= fence.size;
}

/** `{ lang, skipped }` of a fence info string such as `ts no-check` or `typescript title="x"`. */
function fenceLang(info: string): { lang: 'ts' | 'tsx'; skipped: boolean } | undefined {
  const words = info.split(/\s+/).filter(Boolean);
  const first = (words[0] ?? '').replace(/^\{?\.?/, '').replace(/\}$/, '').toLowerCase();
  if (!TS_LANGS.has(first)) return undefined;
  return { lang: first === 'tsx' ? 'tsx' : 'ts', skipped: words.slice(1).includes(NO_CHECK_MARKER) };
}

function stripIndent(text: string, indent: number): string {
  let i = 0;
  while (i < indent && text[i] === ' ') i++;
  return text.slice(i);
}

/** The `<!-- example-prelude: ... -->` comment ending right above line index `fenceIndex` (blank lines allowed). */
function preludeAbove(lines: string[], fenceIndex: number): SourceLine[] {
  let end = fenceIndex - 1;
  while (end >= 0 && lines[end]!.trim() === '') end--;
  if (end < 0 || !lines[end]!.trimEnd().endsWith('-->')) return [];
  let start = end;
  while (start >= 0 && !lines[start]!.includes('<!--')) start--;
  if (start < 0) return [];
  const open = /<!--\s*example-prelude:/.exec(lines[start]!);
  if (!open) return [];
  const out: SourceLine[] = [];
  for (let i = start; i <= end; i++) {
    let text = lines[i]!;
    if (i === start) text = text.slice(open.index + open[0].length);
    if (i === end) text = text.slice(0, text.lastIndexOf('-->'));
    if (text.trim() !== '') out.push({ text, line: i + 1 });
  }
  return out;
}

/** Every TypeScript fence of a Markdown document. */
export function extractMarkdownExamples(text: string, source: string): Example[] {
  const lines = text.split(/\r?\n/);
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = openFence(lines[i]!);
    if (!fence) continue;
    const start = i;
    const code: SourceLine[] = [];
    for (i++; i < lines.length && !closesFence(lines[i]!, fence); i++) {
      code.push({ text: stripIndent(lines[i]!, fence.indent), line: i + 1 });
    }
    const lang = fenceLang(fence.info);
    if (!lang) continue;
    examples.push({
      source,
      line: start + 2,
      kind: 'markdown',
      lang: lang.lang,
      prelude: preludeAbove(lines, start),
      code,
      skipped: lang.skipped,
    });
  }
  return examples;
}

/** The `/** ... *\/` comments of a TypeScript file (real comments only, not look-alikes in strings). */
export function docComments(text: string, fileName = 'file.ts'): { pos: number; end: number }[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Map<number, { pos: number; end: number }>();
  const visit = (node: ts.Node): void => {
    for (const range of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      if (range.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', range.pos) && !text.startsWith('/**/', range.pos)) {
        seen.set(range.pos, { pos: range.pos, end: range.end });
      }
    }
    // getChildren() includes punctuation tokens and the end-of-file token, so every comment is some token's leading trivia.
    for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  return [...seen.values()].sort((a, b) => a.pos - b.pos);
}

/** The lines of a doc comment without the comment markers and the ` * ` gutter. */
function commentLines(text: string, range: { pos: number; end: number }): SourceLine[] {
  const firstLine = text.slice(0, range.pos).split(/\r?\n/).length;
  const raw = text.slice(range.pos + 3, range.end - 2).split(/\r?\n/);
  return raw.map((line, index) => {
    const gutter = /^\s*\*( ?)/.exec(line);
    const body = index === 0 ? line.replace(/^ /, '') : gutter ? line.slice(gutter[0].length) : line;
    return { text: body, line: firstLine + index };
  });
}

/** Every `@example` of the TSDoc comments of a TypeScript file. */
export function extractTsDocExamples(text: string, source: string): Example[] {
  const examples: Example[] = [];
  for (const range of docComments(text, source)) {
    const lines = commentLines(text, range);
    // Split the comment into tags; a line starting with `@word` outside a fence starts a tag.
    let fence: Fence | undefined;
    let current: { line: number; body: SourceLine[] } | undefined;
    const tags: { line: number; body: SourceLine[] }[] = [];
    for (const l of lines) {
      if (fence) {
        if (closesFence(l.text, fence)) fence = undefined;
        current?.body.push(l);
        continue;
      }
      const tag = /^\s*@(\w+)/.exec(l.text);
      if (tag) {
        current = undefined;
        if (tag[1] === 'example') {
          current = { line: l.line, body: [{ text: l.text.slice(tag.index + tag[0].length), line: l.line }] };
          tags.push(current);
        }
        continue;
      }
      fence = openFence(l.text);
      current?.body.push(l);
    }
    for (const tag of tags) examples.push(...examplesOfTag(tag, source));
  }
  return examples;
}

function examplesOfTag(tag: { line: number; body: SourceLine[] }, source: string): Example[] {
  const out: Example[] = [];
  let sawFence = false;
  for (let i = 0; i < tag.body.length; i++) {
    const fence = openFence(tag.body[i]!.text);
    if (!fence) continue;
    sawFence = true;
    const start = i;
    const code: SourceLine[] = [];
    for (i++; i < tag.body.length && !closesFence(tag.body[i]!.text, fence); i++) {
      code.push({ text: stripIndent(tag.body[i]!.text, fence.indent), line: tag.body[i]!.line });
    }
    const lang = fenceLang(fence.info);
    if (!lang) continue;
    out.push({ source, line: tag.body[start]!.line + 1, kind: 'tsdoc', lang: lang.lang, prelude: [], code, skipped: lang.skipped });
  }
  if (sawFence) return out;
  // No fence: the tag's text is the code (TSDoc one-liners like `@example f(1) // 2`).
  const code = tag.body.filter((l) => l.text.trim() !== '').map((l) => ({ text: l.text.trim(), line: l.line }));
  if (code.length === 0) return out;
  out.push({ source, line: tag.line, kind: 'tsdoc-inline', lang: 'ts', prelude: [], code, skipped: false });
  return out;
}

function parse(code: string, fileName: string): ts.SourceFile {
  return ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, into);
}

/** Names a module declares or imports at its top level (these must not be imported again). */
export function topLevelNames(code: string, fileName = 'example.ts'): Set<string> {
  const names = new Set<string>();
  for (const statement of parse(code, fileName).statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) bindingNames(d.name, names);
    } else if (
      ts.isFunctionDeclaration(statement) ||
      ts.isClassDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isEnumDeclaration(statement) ||
      ts.isModuleDeclaration(statement) ||
      ts.isImportEqualsDeclaration(statement)
    ) {
      if (statement.name && ts.isIdentifier(statement.name)) names.add(statement.name.text);
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.add(e.name.text);
    }
  }
  return names;
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * The named exports of a module, read syntactically. `export * from './x'` is followed through
 * `readModule(specifier)`, which returns the re-exported module's text (or undefined to stop).
 */
export function exportedNames(
  code: string,
  fileName: string,
  readModule: (specifier: string, fromFile: string) => { text: string; fileName: string } | undefined = () => undefined,
  seen: Set<string> = new Set(),
): Set<string> {
  const names = new Set<string>();
  if (seen.has(fileName)) return names;
  seen.add(fileName);
  for (const statement of parse(code, fileName).statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (!clause && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const target = readModule(statement.moduleSpecifier.text, fileName);
        if (target) for (const n of exportedNames(target.text, target.fileName, readModule, seen)) names.add(n);
      } else if (clause && ts.isNamespaceExport(clause)) {
        names.add(clause.name.text);
      } else if (clause && ts.isNamedExports(clause)) {
        for (const e of clause.elements) if (e.name.text !== 'default') names.add(e.name.text);
      }
      continue;
    }
    if (!hasExport(statement) || isDefault(statement)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) bindingNames(d.name, names);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement) ||
        ts.isModuleDeclaration(statement)) &&
      statement.name &&
      ts.isIdentifier(statement.name)
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}
