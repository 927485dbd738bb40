/**
 * The public surface of every entry point, written down: API Extractor reads the built `.d.ts` of
 * each line of scripts/package/entries.ts (dist/, from `npm run build:lib`) and compares it with
 * the committed report `api/<name>.api.md`.
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
import { distName, ENTRIES, specifier, type PackageEntry } from '../package/entries';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Where the committed reports live. */
export const API_DIR = path.join(ROOT, 'api');

/** `netid-rp`, `netid-rp-next`, `netid-rp-next-client`, …: the report's file name without `.api.md`. */
export function reportName(entry: PackageEntry): string {
  return specifier(entry).replace(/\//g, '-');
}

function extractorConfig(entry: PackageEntry, tempFolder: string): ExtractorConfig {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: path.join(ROOT, 'dist', `${distName(entry)}.d.ts`),
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
          },
          files: [path.join(ROOT, 'dist', `${distName(entry)}.d.ts`)],
        },
      },
      apiReport: { enabled: true, reportFileName: reportName(entry), reportFolder: API_DIR, reportTempFolder: tempFolder },
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
    packageJsonFullPath: path.join(ROOT, 'package.json'),
  });
}

/** Runs API Extractor on every entry; `update` rewrites the reports. Returns the entries whose surface changed. */
export function apiReports(update: boolean): string[] {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'netid-rp-api-'));
  const changed: string[] = [];
  const problems: string[] = [];
  try {
    for (const entry of ENTRIES) {
      const dts = path.join(ROOT, 'dist', `${distName(entry)}.d.ts`);
      if (!fs.existsSync(dts)) throw new Error(`api: ${path.relative(ROOT, dts)} is missing: run npm run build:lib first`);
      const result = Extractor.invoke(extractorConfig(entry, temp), {
        localBuild: update,
        messageCallback: (message: ExtractorMessage) => {
          // `console-*` messages are API Extractor's own progress (e.g. "report changed", counted below).
          const own = message.messageId.startsWith('console-');
          if (!own && (message.logLevel === 'error' || message.logLevel === 'warning')) problems.push(`${specifier(entry)}: ${message.text}`);
          message.handled = true;
        },
      });
      if (result.apiReportChanged) changed.push(`${specifier(entry)} (api/${reportName(entry)}.api.md)`);
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
  console.info(`api: ${ENTRIES.length} entry points match their reports in api/`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  if (process.argv.includes('--update')) {
    const changed = apiReports(true);
    console.info(changed.length > 0 ? `api: updated ${changed.join(', ')}` : 'api: every report is up to date');
  } else {
    checkApiReports();
  }
}
