/**
 * Type-checks extracted examples: writes each to its own module in a git-ignored folder inside the
 * repo (so the repo's `@/*` paths and node_modules resolve), writes a tsconfig for that folder that
 * extends the repo's (strict), runs the compiler once over all of them, and maps every diagnostic
 * back to the Markdown or TSDoc line it came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { exportedNames, topLevelNames, type Example, type SourceLine } from './extract';

export interface CheckOptions {
  /** Absolute path of the repo root (holds tsconfig.json). */
  root: string;
  /** Absolute path of the output folder; must lie inside `root`; emptied first. */
  outDir: string;
  /**
   * Absolute path of the shared prelude module (`scripts/examples-prelude.d.ts`): its named exports
   * are imported into every example that uses the name without declaring or importing it itself.
   */
  preludeFile?: string;
}

export interface Failure {
  /** Repo-relative source of the example. */
  source: string;
  /** 1-based source line the diagnostic maps to. */
  line: number;
  /** 1-based line of the example's first code line (identifies the example). */
  exampleLine: number;
  /** `TS2304: Cannot find name 'x'.` */
  message: string;
}

export interface CheckResult {
  /** Examples compiled (opt-outs excluded). */
  checked: number;
  /** Examples that carry the opt-out marker. */
  skipped: Example[];
  /** One entry per diagnostic, in source order. */
  failures: Failure[];
  /** Examples with at least one failure. */
  failedExamples: number;
}

interface Generated {
  example: Example;
  file: string;
  /** Source line of each generated line (index 0 = line 1). */
  lines: number[];
}

const PATH_COMMENT = /^\/\/\s*((?:[\w.@[\]-]+\/)*[\w.@[\]-]+\.tsx?)(?:\s|$)/;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** `README.md:89` → `README.md-L89`, safe as a file name. */
function slug(example: Example): string {
  return `${example.source.replace(/[^\w.-]+/g, '_')}-L${example.line}`;
}

/** The repo path a Markdown block names in its first line (`// app/api/auth/login/route.ts`), when that file does not exist. */
function virtualPath(example: Example, root: string): string | undefined {
  const first = example.code.find((l) => l.text.trim() !== '');
  const m = first && PATH_COMMENT.exec(first.text.trim());
  if (!m) return undefined;
  const rel = path.posix.normalize(m[1]!);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return fs.existsSync(path.join(root, rel)) ? undefined : rel;
}

function moduleSpecifier(fromFile: string, toFile: string): string {
  const rel = toPosix(path.relative(path.dirname(fromFile), toFile)).replace(/(\.d)?\.tsx?$/, '');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Resolves `export * from './x'` of repo modules, for {@link exportedNames}. */
function readRelativeModule(specifier: string, fromFile: string): { text: string; fileName: string } | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx'), `${base}.d.ts`]) {
    if (fs.existsSync(candidate)) return { text: fs.readFileSync(candidate, 'utf8'), fileName: candidate };
  }
  return undefined;
}

function namesOf(file: string): Set<string> {
  return exportedNames(fs.readFileSync(file, 'utf8'), file, readRelativeModule);
}

/**
 * The module text of one example: auto-imports (the host module's exports for TSDoc examples, the
 * shared prelude's), the Markdown prelude, the code, and `export {}` so every example is a module.
 */
function render(example: Example, file: string, options: CheckOptions, preludeNames: Set<string>): Generated {
  const body: SourceLine[] = [...example.prelude, ...example.code];
  const own = topLevelNames(body.map((l) => l.text).join('\n'), file);
  const header: string[] = [];
  const taken = new Set(own);
  if (example.kind !== 'markdown') {
    const host = path.join(options.root, example.source);
    const hostNames = [...namesOf(host)].filter((n) => !taken.has(n));
    hostNames.forEach((n) => taken.add(n));
    if (hostNames.length > 0) header.push(`import { ${hostNames.join(', ')} } from '${moduleSpecifier(file, host)}';`);
  }
  if (options.preludeFile) {
    const names = [...preludeNames].filter((n) => !taken.has(n));
    if (names.length > 0) header.push(`import { ${names.join(', ')} } from '${moduleSpecifier(file, options.preludeFile)}';`);
  }
  const text = [...header, ...body.map((l) => l.text), 'export {};', ''].join('\n');
  const lines = [...header.map(() => example.line), ...body.map((l) => l.line), example.line];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { example, file, lines };
}

/** The repo tsconfig's `paths` other than `@/*`, their targets made relative to the generated config. */
function repoPaths(root: string, rootRel: string): Record<string, string[]> {
  const read = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const paths = (read.config?.compilerOptions?.paths ?? {}) as Record<string, string[]>;
  return Object.fromEntries(
    Object.entries(paths)
      .filter(([key]) => key !== '@/*')
      .map(([key, targets]) => [key, targets.map((t) => `${rootRel}/${t.replace(/^\.\//, '')}`)]),
  );
}

function writeTsconfig(options: CheckOptions, files: string[]): string {
  const configFile = path.join(options.outDir, 'tsconfig.json');
  const rootRel = toPosix(path.relative(options.outDir, options.root)) || '.';
  const config = {
    // Generated by scripts/check-examples.ts: the repo's strict settings, the example files only.
    extends: `${rootRel}/tsconfig.json`,
    compilerOptions: {
      noEmit: true,
      incremental: false,
      plugins: [],
      // A Markdown block that names a file absent from the repo (`// lib/auth-options.ts`) is
      // importable under that name from the blocks after it.
      // The repo's own paths (the package's entry points `netid-rp`, `netid-rp/next`, … → their
      // sources) come along, rebased: `paths` here replaces the extended config's.
      paths: { ...repoPaths(options.root, rootRel), '@/*': [`${rootRel}/*`, './virtual/*'] },
    },
    files: files.map((f) => toPosix(path.relative(options.outDir, f))),
    include: [],
    exclude: [],
  };
  fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return configFile;
}

function format(diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').replace(/\n/g, '\n    ');
  return `TS${diagnostic.code}: ${text}`;
}

/** Writes, compiles (one program) and maps back. Examples with the opt-out marker are only counted. */
export function checkExamples(examples: Example[], options: CheckOptions): CheckResult {
  const outDir = path.resolve(options.outDir);
  const rel = path.relative(path.resolve(options.root), outDir);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`outDir must lie inside root: ${outDir}`);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const opts = { ...options, outDir };

  const skipped = examples.filter((e) => e.skipped);
  const toCheck = examples.filter((e) => !e.skipped);
  const preludeNames = options.preludeFile ? namesOf(options.preludeFile) : new Set<string>();
  const usedVirtual = new Set<string>();
  const generated = toCheck.map((example) => {
    const ext = example.lang === 'tsx' ? '.tsx' : '.ts';
    const virtual = example.kind === 'markdown' ? virtualPath(example, options.root) : undefined;
    let file = path.join(outDir, `${slug(example)}${ext}`);
    if (virtual && !usedVirtual.has(virtual)) {
      usedVirtual.add(virtual);
      file = path.join(outDir, 'virtual', virtual);
    }
    return render(example, file, opts, preludeNames);
  });

  const configFile = writeTsconfig(opts, generated.map((g) => g.file));
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(format(d));
    },
  });
  if (!parsed) throw new Error(`cannot read ${configFile}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });

  const failures: Failure[] = [];
  const general = [...parsed.errors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const d of general) failures.push({ source: toPosix(path.relative(options.root, configFile)), line: 1, exampleLine: 0, message: format(d) });
  const failed = new Set<Generated>();
  for (const g of generated) {
    const sourceFile = program.getSourceFile(g.file);
    if (!sourceFile) {
      failures.push({ source: g.example.source, line: g.example.line, exampleLine: g.example.line, message: 'not part of the program' });
      failed.add(g);
      continue;
    }
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    for (const d of diagnostics) {
      const genLine = d.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(d.start).line;
      failures.push({
        source: g.example.source,
        line: g.lines[genLine] ?? g.example.line,
        exampleLine: g.example.line,
        message: format(d),
      });
      failed.add(g);
    }
  }
  failures.sort((a, b) => a.source.localeCompare(b.source) || a.line - b.line);
  return { checked: toCheck.length, skipped, failures, failedExamples: failed.size };
}
