/**
 * `npm run docs:api`: the HTML API reference of every public entry point (the table in
 * scripts/package/entries.ts, so a new entry is picked up), generated from the TSDoc by TypeDoc
 * into docs/api-reference/ (git-ignored). Validation is on (`notExported`, `invalidLink`) and
 * every warning is an error, so a broken `{@link}` or a public type that leaks an unexported one
 * fails the run.
 *
 * `--emit none` only converts and validates (what `npm run lint` runs, so `npm test` proves the
 * reference stays buildable).
 */
import { fileURLToPath } from 'node:url';
import { Application, Converter, LogLevel, ReflectionKind, type Context } from 'typedoc';
import { ENTRIES, PACKAGE_NAME } from '../package/entries';

const root = fileURLToPath(new URL('../..', import.meta.url));
const emit = process.argv.includes('--emit') ? process.argv[process.argv.indexOf('--emit') + 1] : 'docs';
if (emit !== 'docs' && emit !== 'none') throw new Error(`docs:api: --emit takes docs or none, not ${emit}`);

const out = `${root}docs/api-reference`;
const started = Date.now();

const app = await Application.bootstrapWithPlugins({
  name: `${PACKAGE_NAME} API reference`,
  entryPoints: ENTRIES.map((entry) => `${root}${entry.source}`),
  entryPointStrategy: 'resolve',
  tsconfig: `${root}tsconfig.build.json`,
  out,
  emit,
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  excludeExternals: true,
  disableSources: true,
  githubPages: false,
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: false, unusedMergeModuleWith: true },
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  logLevel: LogLevel.Warn,
});

// Each module is named by its import specifier (`netid-rp/next`), not by its path under lib/.
const bySource = new Map(ENTRIES.map((entry) => [`${root}${entry.source}`, entry.subpath === '.' ? PACKAGE_NAME : `${PACKAGE_NAME}/${entry.subpath.slice(2)}`]));
app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context: Context, reflection) => {
  if (!reflection.kindOf(ReflectionKind.Module)) return;
  const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
  const name = file ? bySource.get(file) : undefined;
  if (name) reflection.name = name;
});

const project = await app.convert();
if (!project) {
  console.error('docs:api: TypeDoc could not convert the entry points (see above)');
  process.exit(1);
}
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error(`docs:api: ${app.logger.errorCount} error(s), ${app.logger.warningCount} warning(s): fix the TSDoc above`);
  process.exit(1);
}
if (emit === 'docs') await app.generateOutputs(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
console.info(
  emit === 'docs'
    ? `docs:api: ${ENTRIES.length} entry points → docs/api-reference/index.html in ${((Date.now() - started) / 1000).toFixed(1)} s`
    : `docs:api: ${ENTRIES.length} entry points convert and validate (no output) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
