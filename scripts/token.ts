/**
 * `npm run token -- --profile <name> [--scope "<scopes>"] [--resource <uri>] [--dev]`: request a
 * client_credentials token for profile `<name>` (configured by `M2M_PROFILE_<NAME>_*`, see
 * docs/m2m.md) and print the token response as one JSON object on stdout (exit 0).
 * On failure: one JSON object `{ error, message, status?, server_error?, server_error_description?,
 * issues? }` on stderr and exit 2 (usage or configuration) or 1 (the token request failed).
 * No secret, key or assertion is ever printed; the token only on stdout, because it was asked for.
 * `--dev` starts the three local simulators first and fills in their profiles (`duende`,
 * `screening-eagle`, `ishare`) wherever the environment does not configure that profile itself.
 */
import { parseArgs } from 'node:util';
import { createTokenSource, envPrefix, listEnvProfiles, M2MError, profileFromEnv } from '../lib/m2m';

/** Print the error as one JSON line on stderr and set the exit code (the process ends once the simulators are closed). */
function fail(error: M2MError | { error: string; message: string }, exitCode: number): void {
  process.stderr.write(`${JSON.stringify(error instanceof M2MError ? error.toJSON() : error)}\n`);
  process.exitCode = exitCode;
}

const USAGE = 'Usage: npm run token -- --profile <name> [--scope "<scopes>"] [--resource <uri>] [--dev]';

async function main(): Promise<void> {
  let values: { profile?: string; scope?: string; resource?: string[]; dev?: boolean };
  try {
    ({ values } = parseArgs({
      options: { profile: { type: 'string' }, scope: { type: 'string' }, resource: { type: 'string', multiple: true }, dev: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    return fail({ error: 'usage', message: `${(err as Error).message}. ${USAGE}` }, 2);
  }
  if (!values.profile) {
    const known = listEnvProfiles();
    return fail({ error: 'usage', message: `--profile <name> is required${known.length ? ` (configured: ${known.join(', ').toLowerCase()})` : ''}. ${USAGE}` }, 2);
  }
  const sims = values.dev ? await (await import('../lib/testing')).startDevM2MSimulators() : undefined;
  // A profile the environment configures (any of its variables) is left entirely to the environment.
  const configured = listEnvProfiles().map((name) => envPrefix(name));
  const devEnv = Object.entries(sims?.env ?? {}).filter(([key]) => !configured.some((prefix) => key.startsWith(prefix)));
  const env = { ...Object.fromEntries(devEnv), ...process.env };
  try {
    let source;
    try {
      source = createTokenSource(profileFromEnv(values.profile, env));
    } catch (err) {
      if (err instanceof M2MError) return fail(err, 2);
      throw err;
    }
    try {
      const token = await source.getToken({ scope: values.scope, resource: values.resource });
      process.stdout.write(`${JSON.stringify(token.response)}\n`);
    } catch (err) {
      if (err instanceof M2MError) return fail(err, 1);
      throw err;
    }
  } finally {
    await sims?.close();
  }
}

main().catch((err: unknown) => {
  // Unexpected: show the kind of failure only; the message of a library error could hold request details.
  fail({ error: 'internal_error', message: (err as Error)?.name ?? 'Error' }, 1);
});
