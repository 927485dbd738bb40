/**
 * The `netid-rp` command line: `token` and `export`. The repository's `npm run token` and
 * `npm run export` are thin calls of the same functions. `dev-stack` moved to the companion
 * package (`npx netid-rp-testing dev-stack`); here it only says so.
 *
 * @packageDocumentation
 */
import { MOVED_DEV_STACK } from './moved';
import { runExport } from './export';
import { processIo, type CliIo } from './io';
import { runToken } from './token';

export { runExport } from './export';
export { runToken } from './token';
export { processIo, type CliIo } from './io';

const HELP = `netid-rp <command> [options]

Commands:
  token       a client_credentials token for an M2M profile (--profile <name> [--scope] [--resource] [--dev])
  export      Permission Center partner data export as JSON lines (--since <date> [--tapp <id>] [--no-sync-id])

The dev stack (embedded broker, Permission Center simulator, M2M servers) is the companion package's:
  npm install --save-dev netid-rp-testing && npx netid-rp-testing dev-stack
`;

/** Runs `netid-rp <command> …`; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'dev-stack':
      io.stderr(`${MOVED_DEV_STACK}\n`);
      return 2;
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
