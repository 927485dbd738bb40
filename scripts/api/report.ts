/**
 * The public surface of every entry point, written down: API Extractor reads the built `.d.ts` of
 * each line of scripts/package/entries.ts (dist/, from `npm run build:lib`) and compares it with
 * the committed report `api/<name>.api.md`; the companion `netid-rp-testing` (packages/netid-rp-testing,
 * its build under packages/netid-rp-testing/dist) likewise into `api/packages/netid-rp-testing.api.md`.
 *
 * - `npm run api:update` (build, then `--update`): rewrites the reports. Run it after any change
 *   to what an entry exports, and commit the diff: it is what partners will see change.
 * - without `--update` (`npm run test:package` runs it on the build it packed): fails, naming the
 *   entries, when the surface differs from the committed reports.
 */
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMPANION, companionSpecifier, distName, ENTRIES, specifier, type PackageEntry } from '../package/entries';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Where the committed reports live. */
export const API_DIR = path.join(ROOT, 'api');

/** `netid-rp`, `netid-rp-next`, `netid-rp-next-client`, …: the report's file name without `.api.md`. */
export function reportName(entry: PackageEntry): string {
  return specifier(entry).replace(/\//g, '-');
}

/** One package whose entries get reports: where its build and package.json are, where its reports go. */
interface ReportedPackage {
  entries: readonly PackageEntry[];
  specifier(entry: PackageEntry): string;
  /** The package's folder (its dist/ and package.json). */
  folder: string;
  /** Where its reports live. */
  reportFolder: string;
}

const PACKAGES: readonly ReportedPackage[] = [
  { entries: ENTRIES, specifier, folder: ROOT, reportFolder: API_DIR },
  // Its own folder: `netid-rp-testing.api.md` at the top is the report of `netid-rp/testing`.
  { entries: COMPANION.entries, specifier: companionSpecifier, folder: path.join(ROOT, COMPANION.root), reportFolder: path.join(API_DIR, 'packages') },
];

/** `netid-rp/*` resolved to netid-rp's own build, for the companion's declarations that import it by name. */
const NETID_RP_BUILD_PATHS = Object.fromEntries(ENTRIES.map((e) => [specifier(e), [path.join(ROOT, 'dist', `${distName(e)}.d.ts`)]]));

function extractorConfig(pkg: ReportedPackage, entry: PackageEntry, tempFolder: string): ExtractorConfig {
  const dts = path.join(pkg.folder, 'dist', `${distName(entry)}.d.ts`);
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: pkg.folder,
      mainEntryPointFilePath: dts,
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            lib: ['dom', 'dom.iterable', 'ES2023'],
            module: 'esnext',
            moduleResolution: 'bundler',
            strict: true,
            skipLibCheck: true,
            jsx: 'react-jsx',
            types: ['node'],
            paths: NETID_RP_BUILD_PATHS,
          },
          files: [dts],
        },
      },
      apiReport: { enabled: true, reportFileName: pkg.specifier(entry).replace(/\//g, '-'), reportFolder: pkg.reportFolder, reportTempFolder: tempFolder },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // The report is about the surface; release tags and TSDoc style are not what it checks.
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
        extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: path.join(pkg.folder, 'package.json'),
  });
}

/** Runs API Extractor on every entry; `update` rewrites the reports. Returns the entries whose surface changed. */
export function apiReports(update: boolean): string[] {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'netid-rp-api-'));
  const changed: string[] = [];
  const problems: string[] = [];
  try {
    for (const pkg of PACKAGES) {
      if (update) fs.mkdirSync(pkg.reportFolder, { recursive: true });
      for (const entry of pkg.entries) {
        const dts = path.join(pkg.folder, 'dist', `${distName(entry)}.d.ts`);
        if (!fs.existsSync(dts)) throw new Error(`api: ${path.relative(ROOT, dts)} is missing: run npm run build:lib (and the companion's build) first`);
        const result = Extractor.invoke(extractorConfig(pkg, entry, temp), {
          localBuild: update,
          messageCallback: (message: ExtractorMessage) => {
            // `console-*` messages are API Extractor's own progress (e.g. "report changed", counted below).
            const own = message.messageId.startsWith('console-');
            if (!own && (message.logLevel === 'error' || message.logLevel === 'warning')) problems.push(`${pkg.specifier(entry)}: ${message.text}`);
            message.handled = true;
          },
        });
        const report = path.relative(ROOT, path.join(pkg.reportFolder, `${pkg.specifier(entry).replace(/\//g, '-')}.api.md`));
        if (result.apiReportChanged) changed.push(`${pkg.specifier(entry)} (${report})`);
      }
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  if (problems.length > 0) throw new Error(`api: API Extractor reported:\n  ${problems.join('\n  ')}`);
  // A report whose entry is gone (a subpath removed from entries.ts) is deleted by --update, and is a difference otherwise.
  const expected = new Set(ENTRIES.map((entry) => `${reportName(entry)}.api.md`));
  for (const file of fs.existsSync(API_DIR) ? fs.readdirSync(API_DIR) : []) {
    if (!file.endsWith('.api.md') || expected.has(file)) continue;
    if (update) fs.rmSync(path.join(API_DIR, file));
    changed.push(`a removed entry (api/${file})`);
  }
  return changed;
}

/** The check `npm run test:package` runs on its build: throws when a surface differs from its report. */
export function checkApiReports(): void {
  const changed = apiReports(false);
  if (changed.length > 0) {
    throw new Error(
      `api: the public surface differs from the committed report of ${changed.join(', ')}.\n` +
        '  Review the change, then run `npm run api:update` and commit api/.',
    );
  }
  console.info(`api: ${ENTRIES.length + COMPANION.entries.length} entry points match their reports in api/`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  if (process.argv.includes('--update')) {
    const changed = apiReports(true);
    console.info(changed.length > 0 ? `api: updated ${changed.join(', ')}` : 'api: every report is up to date');
  } else {
    checkApiReports();
  }
}
