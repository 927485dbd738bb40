/**
 * Test helpers for the Permission Center: the embedded broker plus the simulator, real tokens
 * from real sign-ins, valid TC strings, and a client bound to the simulator.
 *
 * @module
 */
import { startDevBroker, type DevBroker } from 'netid-rp-testing';
import { startPermissionCenterSimulator, type PermissionCenterSimulator } from 'netid-rp-testing';
import { createPermissionCenterClient, parsePermissionCenterConfig, type PermissionCenterClient } from '@/lib/permission-center';
import { requestCookies, type PermissionToken } from '@/lib/auth';
import { APP_URL, CLIENTS, rp, rpConfig } from './embedded-broker';
import { RpBrowser } from './rp-browser';

/** Valid IAB TCF v2 core strings (service-specific, CMP 300), encoded with @iabtcf/core. */
export const TC_STRINGS = {
  a: 'CQFP04AQFP04AEsABBDEBQCgAPAAAAAAAAYgF5wAQF5gAAAA',
  b: 'CQF0FMAQF0FMAEsABBDEBQCgAIAAAAAAAAYgF5wAQF5gAAAA',
} as const;

/** The broker and the simulator, started together. */
export interface PermissionCenterStack {
  broker: DevBroker;
  sim: PermissionCenterSimulator;
  close(): Promise<void>;
}

/** Starts the test broker (all test clients) and a simulator that trusts it. */
export async function startPermissionCenterStack(options: { permissionTokenTtl?: number } = {}): Promise<PermissionCenterStack> {
  const broker = await startDevBroker({
    quiet: true,
    permissionTokenTtl: options.permissionTokenTtl,
    clients: Object.values(CLIENTS).map((c) => ({ ...c, redirect_uris: [`${APP_URL}/api/auth/callback`] })),
  });
  const sim = await startPermissionCenterSimulator({ issuer: broker.issuer, jwksUri: broker.jwksUri });
  return {
    broker,
    sim,
    close: async () => {
      await Promise.allSettled([sim.close(), broker.close()]);
    },
  };
}

/** Environment that points the Permission Center config at the simulator. */
export function simulatorEnv(sim: PermissionCenterSimulator, extra: Record<string, string> = {}): Record<string, string> {
  return { PERMISSION_CENTER_READ_URL: sim.readUrl, PERMISSION_CENTER_WRITE_URL: sim.writeUrl, ...extra };
}

/** A client for the simulator (short timeout so fault tests stay quick). */
export function simulatorClient(sim: PermissionCenterSimulator, extra: Record<string, string> = {}): PermissionCenterClient {
  return createPermissionCenterClient(parsePermissionCenterConfig(simulatorEnv(sim, { PERMISSION_CENTER_TIMEOUT_MS: '1500', ...extra })));
}

/** Signs in for real (`flow`, `user`, `client`) and returns the browser with its session. */
export async function signedInBrowser(
  broker: DevBroker,
  options: { flow?: 'login' | 'login-permission' | 'permission'; user?: string; client?: keyof typeof CLIENTS } = {},
): Promise<RpBrowser> {
  const b = new RpBrowser(rp(rpConfig(broker.issuer, options.client ?? 'basic')).auth, APP_URL);
  const res = await b.signIn(`?flow=${options.flow ?? 'login-permission'}`, { user: options.user ?? 'max' });
  if (res.status !== 302 || !b.jar.get('netid_session')) throw new Error(`sign-in failed: ${res.status}`);
  return b;
}

/** A real `permission_management` token from a real sign-in. */
export async function realToken(
  broker: DevBroker,
  options: { user?: string; client?: keyof typeof CLIENTS } = {},
): Promise<PermissionToken> {
  const b = await signedInBrowser(broker, options);
  const session = await b.auth.getSession(requestCookies(b.jar.header()));
  if (!session?.permissionToken) throw new Error('no permission token in the session');
  return session.permissionToken;
}
