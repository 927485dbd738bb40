/**
 * `netid-rp token --profile <name> [--scope "<scopes>"] [--resource <uri>] [--dev]` (and
 * `npm run token -- …`): request a client_credentials token for profile `<name>` (configured by
 * `M2M_PROFILE_<NAME>_*`, see docs/m2m.md) and print the token response as one JSON object on
 * stdout (exit 0). On failure: one JSON object `{ error, message, status?, server_error?,
 * server_error_description?, issues? }` on stderr and exit 2 (usage or configuration) or 1 (the
 * token request failed). No secret, key or assertion is ever printed; the token only on stdout,
 * because it was asked for. `--dev` starts the three local simulators first and fills in their
 * profiles (`duende`, `screening-eagle`, `ishare`) wherever the environment does not configure
 * that profile itself. The simulators are the companion package `netid-rp-testing`, imported only
 * for `--dev` (never bundled: tsup keeps it external); without it `--dev` fails with a usage error
 * naming the install command.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../errors';
import { createTokenSource, envPrefix, listEnvProfiles, M2MError, profileFromEnv } from '../m2m';
import type { CliIo } from './io';

const USAGE = 'Usage: netid-rp token --profile <name> [--scope "<scopes>"] [--resource <uri>] [--dev]';

/** The companion package that holds the simulators `--dev` starts. */
const DEV_KIT = 'netid-rp-testing';
/** What `--dev` uses of it, written here so the production package carries no reference to the companion's types. */
interface DevKit {
  startDevM2MSimulators(): Promise<{ env: Record<string, string>; close(): Promise<void> }>;
}

/** The companion package, or undefined when it is not installed (any other failure is thrown). */
async function loadDevKit(): Promise<DevKit | undefined> {
  try {
    return (await import(DEV_KIT)) as DevKit;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && e.message?.includes(`'${DEV_KIT}'`)) return undefined;
    throw err;
  }
}

/** Runs the `token` command; resolves to the exit code. */
export async function runToken(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (error: M2MError | ConfigError | { error: string; message: string }, exitCode: number): number => {
    io.stderr(`${JSON.stringify(error instanceof M2MError || error instanceof ConfigError ? error.toJSON() : error)}\n`);
    return exitCode;
  };
  try {
    return await token(argv, io, fail);
  } catch (err) {
    // Unexpected: show the kind of failure only; the message of a library error could hold request details.
    return fail({ error: 'internal_error', message: (err as Error)?.name ?? 'Error' }, 1);
  }
}

async function token(argv: readonly string[], io: CliIo, fail: (error: M2MError | ConfigError | { error: string; message: string }, exitCode: number) => number): Promise<number> {
  let values: { profile?: string; scope?: string; resource?: string[]; dev?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { profile: { type: 'string' }, scope: { type: 'string' }, resource: { type: 'string', multiple: true }, dev: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    return fail({ error: 'usage', message: `${(err as Error).message}. ${USAGE}` }, 2);
  }
  if (!values.profile) {
    const known = listEnvProfiles(io.env);
    return fail({ error: 'usage', message: `--profile <name> is required${known.length ? ` (configured: ${known.join(', ').toLowerCase()})` : ''}. ${USAGE}` }, 2);
  }
  // The simulators (and their packages) are loaded only for --dev, from the companion package.
  let sims: Awaited<ReturnType<DevKit['startDevM2MSimulators']>> | undefined;
  if (values.dev) {
    const kit = await loadDevKit();
    if (!kit) return fail({ error: 'usage', message: `--dev needs the companion package: npm install --save-dev ${DEV_KIT}. ${USAGE}` }, 2);
    sims = await kit.startDevM2MSimulators();
  }
  try {
    // A profile the environment configures (any of its variables) is left entirely to the environment.
    const configured = listEnvProfiles(io.env).map((name) => envPrefix(name));
    const devEnv = Object.entries(sims?.env ?? {}).filter(([key]) => !configured.some((prefix) => key.startsWith(prefix)));
    const env = { ...Object.fromEntries(devEnv), ...io.env };
    let source;
    try {
      source = createTokenSource(profileFromEnv(values.profile, env));
    } catch (err) {
      if (err instanceof M2MError || err instanceof ConfigError) return fail(err, 2);
      throw err;
    }
    try {
      const result = await source.getToken({ scope: values.scope, resource: values.resource });
      io.stdout(`${JSON.stringify(result.response)}\n`);
      return 0;
    } catch (err) {
      if (err instanceof M2MError || err instanceof ConfigError) return fail(err, 1);
      throw err;
    }
  } finally {
    await sims?.close();
  }
}
