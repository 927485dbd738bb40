/**
 * `netid-rp export --since <date> [--tapp <tapp_id>] [--no-sync-id]`
 * `netid-rp export --since <date> --cmp <cmp_id> --tapps <id1,id2,…>` (and `npm run export -- …`)
 *
 * Partner-level data export of the netID Permission Center (HTTP Basic). Prints one JSON object
 * per exported change on stdout (JSON lines) and exits 0. On failure it prints one JSON error
 * `{ error, status, message }` on stderr and exits 1 (2 for bad usage). Never prints credentials.
 *
 * Environment: PERMISSION_CENTER_EXPORT_URL (default https://einwilligungsuebersicht.netid.de),
 * PERMISSION_CENTER_EXPORT_USERNAME, PERMISSION_CENTER_EXPORT_PASSWORD,
 * PERMISSION_CENTER_EXPORT_TAPP_ID (default of --tapp), PERMISSION_CENTER_EXPORT_TIMEOUT_MS.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../errors';
import { createExportClient, parseExportConfig, PermissionCenterError, type ExportQuery } from '../permission-center';
import type { CliIo } from './io';

const USAGE = 'Usage: netid-rp export --since <date> [--tapp <id>] [--no-sync-id] | --cmp <id> --tapps <a,b>';

/** Runs the `export` command; resolves to the exit code. */
export async function runExport(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (exitCode: number, error: string, message: string, status: number | null = null): number => {
    io.stderr(`${JSON.stringify({ error, status, message })}\n`);
    return exitCode;
  };
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        since: { type: 'string' },
        tapp: { type: 'string' },
        cmp: { type: 'string' },
        tapps: { type: 'string' },
        'no-sync-id': { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    return fail(2, 'usage', `${(error as Error).message}. ${USAGE}`);
  }

  try {
    const config = parseExportConfig(io.env);
    if (!args.since) return fail(2, 'usage', '--since <date> is required (sent as q.date.ge, e.g. 2024-09-20).');
    let query: ExportQuery;
    if (args.cmp !== undefined) {
      const tappIds = (args.tapps ?? '').split(',').map((t) => t.trim()).filter(Boolean);
      if (tappIds.length === 0) return fail(2, 'usage', '--cmp needs --tapps <id1,id2,…>.');
      query = { since: args.since, cmpId: args.cmp, tappIds };
    } else {
      const tappId = args.tapp ?? config.tappId;
      if (!tappId) return fail(2, 'usage', '--tapp <id> (or PERMISSION_CENTER_EXPORT_TAPP_ID) is required.');
      query = { since: args.since, tappId, withSyncId: !args['no-sync-id'] };
    }
    const records = await createExportClient(config).exportPermissions(query);
    io.stdout(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) return fail(1, error.code, error.message);
    if (error instanceof PermissionCenterError) return fail(1, error.code, error.message, error.status);
    return fail(1, 'internal_error', 'The export failed unexpectedly.');
  }
}
