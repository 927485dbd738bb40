/**
 * The `netid-rp-testing` command line: `dev-stack`. The repository's `npm run dev` and
 * `npm run express` start the same stack through {@link startDevStack}.
 *
 * @module
 */
import { runDevStack } from './dev-stack';
import { processIo, type CliIo } from './io';

export { runDevStack, startDevStack, type DevStack, type DevStackOptions } from './dev-stack';
export { processIo, type CliIo } from './io';

const HELP = `netid-rp-testing <command> [options]

Commands:
  dev-stack   embedded netID broker, Permission Center simulator and M2M servers on loopback;
              prints their URLs and the variables to set (--app-url, --broker-port, --provider duende, --no-m2m)
`;

/** Runs `netid-rp-testing <command> …`; resolves to the exit code (0 done, 1 failed, 2 usage). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'dev-stack':
      return runDevStack(rest, io);
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
