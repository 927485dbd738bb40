/**
 * `netid-rp-testing dev-stack [--app-url <url>] [--broker-port <n>] [--provider netid|duende] [--no-m2m]`:
 * the embedded services on loopback for developing and testing an app without a tenant — the
 * netID-style broker (or, with `--provider duende`, a Duende-style provider with refresh tokens and
 * an upstream API), the Permission Center simulator and the three M2M token servers. Prints their
 * URLs and the variables that point an app at them (`KEY=value` lines on stdout, ready for
 * `.env.local`, a dev-only `SESSION_PASSWORD` included), then runs until SIGINT/SIGTERM. `npm run dev` and `npm run express` start the
 * same stack through {@link startDevStack}.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startEmbeddedOidcStack } from '../embedded-oidc-stack';
import { startEmbeddedStack } from '../embedded-stack';
import { startDevM2MSimulators } from '../m2m';
import { startPermissionCenterControl } from '../permission-center';
import type { CliIo } from './io';

/** Options of {@link startDevStack}. */
export interface DevStackOptions {
  /** Base URL of the app the broker redirects back to (`${appUrl}/api/auth/callback`). */
  appUrl: string;
  /** Fixed broker port; default 0 (a free one). */
  brokerPort?: number;
  /** `netid` (default): broker + Permission Center simulator; `duende`: Duende-style provider + upstream API. */
  provider?: 'netid' | 'duende';
  /** Access token lifetime of the Duende-style provider, seconds. */
  accessTokenTtl?: number;
  /** Also start the Duende, Screening Eagle and iSHARE M2M simulators (their `M2M_PROFILE_*` variables join `env`). */
  m2m?: boolean;
  /** Serve the Permission Center simulator's control server on this loopback port (browser tests drive its faults). */
  permissionCenterControlPort?: number;
}

/** A running dev stack. */
export interface DevStack {
  /** The variables that point an app (and `netid-rp token`, `netid-rp export`) at the stack. */
  env: Record<string, string>;
  /** One line per service: what it is and where. */
  services: string[];
  /** Stops every service of the stack. */
  close(): Promise<void>;
}

/** Starts the embedded services of {@link DevStackOptions} on loopback. */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
    const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    await Promise.allSettled(closers.map((c) => c()));
  };
  const env: Record<string, string> = {};
  const services: string[] = [];
  try {
    if (options.provider === 'duende') {
      const stack = await startEmbeddedOidcStack({ appUrl: options.appUrl, accessTokenTtl: options.accessTokenTtl, port: options.brokerPort });
      closers.push(stack.close);
      Object.assign(env, stack.env);
      services.push(`embedded Duende-style provider: ${stack.provider.issuer} (upstream API ${stack.upstream.url})`);
    } else {
      const stack = await startEmbeddedStack({ appUrl: options.appUrl, brokerPort: options.brokerPort ?? 0 });
      closers.push(stack.close);
      Object.assign(env, stack.env);
      services.push(`embedded netID broker: ${stack.broker.issuer}`);
      const pc = stack.permissionCenter;
      services.push(`Permission Center simulator: read ${pc.readUrl}, write ${pc.writeUrl}, export ${pc.exportUrl}`);
      if (options.permissionCenterControlPort !== undefined) {
        const control = await startPermissionCenterControl(pc, options.permissionCenterControlPort);
        closers.push(control.close);
        services.push(`Permission Center simulator control (dev and tests only): ${control.url}`);
      }
    }
    if (options.m2m) {
      const sims = await startDevM2MSimulators();
      closers.push(sims.close);
      Object.assign(env, sims.env);
      services.push(`M2M simulators: Duende ${sims.duende.issuer}, Screening Eagle ${sims.screeningEagle.tokenUrl}, iSHARE ${sims.ishare.tokenUrl}`);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { env, services, close };
}

const USAGE = 'Usage: netid-rp-testing dev-stack [--app-url <url>] [--broker-port <n>] [--provider netid|duende] [--no-m2m]';

/** Waits for SIGINT or SIGTERM (or `signal`), whichever comes first. */
function untilStopped(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs the `dev-stack` command until stopped; resolves to the exit code. `signal` stops it too (tests). */
export async function runDevStack(argv: readonly string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  let values: { 'app-url'?: string; 'broker-port'?: string; provider?: string; 'no-m2m'?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { 'app-url': { type: 'string' }, 'broker-port': { type: 'string' }, provider: { type: 'string' }, 'no-m2m': { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    io.stderr(`${JSON.stringify({ error: 'usage', message: `${(err as Error).message}. ${USAGE}` })}\n`);
    return 2;
  }
  const provider = values.provider ?? 'netid';
  const brokerPort = Number(values['broker-port'] ?? 0);
  if ((provider !== 'netid' && provider !== 'duende') || !Number.isInteger(brokerPort) || brokerPort < 0 || brokerPort > 65535) {
    io.stderr(`${JSON.stringify({ error: 'usage', message: `--provider must be netid or duende, --broker-port a port number. ${USAGE}` })}\n`);
    return 2;
  }
  const appUrl = values['app-url'] ?? io.env.APP_URL ?? `http://localhost:${io.env.PORT ?? 3000}`;
  const stack = await startDevStack({ appUrl, brokerPort, provider, m2m: !values['no-m2m'] });
  try {
    for (const line of stack.services) io.stderr(`[dev-stack] ${line}\n`);
    // A session password too, so `next dev` and `next start` run on these lines alone. Its `dev-only-`
    // prefix makes the core refuse it in production off loopback (a deployment can never use it).
    const env = { SESSION_PASSWORD: `dev-only-${randomBytes(24).toString('base64url')}`, ...stack.env };
    io.stdout('# netid-rp-testing dev-stack: for this machine only (SESSION_PASSWORD is dev-only, refused in production off loopback)\n');
    io.stdout(Object.entries(env).map(([key, value]) => `${key}=${value}\n`).join(''));
    io.stderr('[dev-stack] ready: set the variables above in your app (stop with Ctrl-C)\n');
    await untilStopped(signal);
  } finally {
    await stack.close();
  }
  return 0;
}
