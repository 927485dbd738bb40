/**
 * The `netid-rp` command line: `dev-stack`, `token` and `export`. The repository's `npm run dev`,
 * `npm run token` and `npm run export` are thin calls of the same functions.
 *
 * @packageDocumentation
 */
import { runDevStack } from './dev-stack';
import { runExport } from './export';
import { processIo, type CliIo } from './io';
import { runToken } from './token';

export { runDevStack, startDevStack, type DevStack, type DevStackOptions } from './dev-stack';
export { runExport } from './export';
export { runToken } from './token';
export { processIo, type CliIo } from './io';

const HELP = `netid-rp <command> [options]

Commands:
  dev-stack   embedded netID broker, Permission Center simulator and M2M servers on loopback;
              prints their URLs and the variables to set (--app-url, --broker-port, --provider duende, --no-m2m)
  token       a client_credentials token for an M2M profile (--profile <name> [--scope] [--resource] [--dev])
  export      Permission Center partner data export as JSON lines (--since <date> [--tapp <id>] [--no-sync-id])
`;

/** Runs `netid-rp <command> …`; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'dev-stack':
      return runDevStack(rest, io);
    case 'token':
      return runToken(rest, io);
    case 'export':
      return runExport(rest, io);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(HELP);
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`${JSON.stringify({ error: 'usage', message: `Unknown command ${JSON.stringify(command)}.` })}\n${HELP}`);
      return 2;
  }
}
