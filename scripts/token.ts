/**
 * `npm run token -- --profile <name> [--scope "<scopes>"] [--resource <uri>] [--dev]`: the package's
 * `netid-rp token` command (lib/cli/token.ts, where the contract is described).
 */
import { processIo, runToken } from '../lib/cli';

process.exitCode = await runToken(process.argv.slice(2), processIo());
