/**
 * `npm run export -- --since <date> [--tapp <tapp_id>] [--no-sync-id]` (or `--cmp <id> --tapps <a,b>`):
 * the package's `netid-rp export` command (lib/cli/export.ts, where the contract is described).
 */
import { processIo, runExport } from '../lib/cli';

process.exitCode = await runExport(process.argv.slice(2), processIo());
