/**
 * The embedded services of one `soak` route (netID broker + Permission Center simulator, or the
 * Duende-style provider + upstream API), run as their own process so they neither share the
 * server's core nor its memory: the soak then measures the server alone (issue 15). Started
 * pinned to the load generator's core. Input: `<netid|duende> <appUrl>` as arguments; output: one
 * JSON line with the variables that point the app at them; stops on SIGTERM or when stdin closes.
 */
import { startEmbeddedOidcStack, startEmbeddedStack } from 'netid-rp-testing';

const [provider, appUrl] = process.argv.slice(2);
if ((provider !== 'netid' && provider !== 'duende') || !appUrl) {
  throw new Error('usage: soak-services.ts <netid|duende> <appUrl>');
}
// No renewals during the run: the soak measures the route, not the refresh path.
const stack = provider === 'duende' ? await startEmbeddedOidcStack({ appUrl, accessTokenTtl: 3600 }) : await startEmbeddedStack({ appUrl });
process.stdout.write(`${JSON.stringify(stack.env)}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
