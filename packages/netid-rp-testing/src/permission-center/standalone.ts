/**
 * Runs the Permission Center simulator as its own process against any netID-shaped broker:
 * `tsx packages/netid-rp-testing/src/permission-center/standalone.ts --issuer <issuer> [--jwks-uri <uri>]`.
 * Prints one JSON line `{ readUrl, writeUrl, exportUrl }` on stdout when ready and runs until
 * SIGTERM/SIGINT. Used by the benchmark to measure the simulator outside the load generator's
 * process. The JWKS URI defaults to the one in the issuer's discovery document.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { startPermissionCenterSimulator } from './server';

const { values } = parseArgs({ options: { issuer: { type: 'string' }, 'jwks-uri': { type: 'string' } } });
if (!values.issuer) {
  console.error('usage: standalone.ts --issuer <issuer> [--jwks-uri <uri>]');
  process.exit(2);
}
const issuer = values.issuer;
const jwksUri =
  values['jwks-uri'] ??
  ((await (await fetch(new URL('.well-known/openid-configuration', issuer), { signal: AbortSignal.timeout(5000) })).json()) as { jwks_uri: string })
    .jwks_uri;
const sim = await startPermissionCenterSimulator({ issuer, jwksUri });
process.stdout.write(`${JSON.stringify({ readUrl: sim.readUrl, writeUrl: sim.writeUrl, exportUrl: sim.exportUrl })}\n`);
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
