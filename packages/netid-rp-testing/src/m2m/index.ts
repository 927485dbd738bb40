/**
 * Simulators of the three M2M server shapes (dev and tests, loopback only): Duende
 * IdentityServer (oidc-provider, discovery, `/connect/token`), Screening Eagle ID
 * (`/api/id/v1/auth/token`, basic only, `{"error","errorDescription"}`) and iSHARE (signed
 * client assertion with `x5c`, verified against a CA generated at start). Each has a protected
 * API at `/api/me` and request counters.
 *
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDuendeSimulator, type DuendeSimulator } from './duende';
import { startIshareSimulator, type IshareSimulator } from './ishare';
import { startScreeningEagleSimulator, type ScreeningEagleSimulator } from './screening-eagle';

export { startDuendeSimulator, DUENDE_ROUTES, DUENDE_API_AUDIENCE, DUENDE_API_RESOURCE } from './duende';
export type { DuendeClient, DuendeSimulator, DuendeSimulatorOptions } from './duende';
export { startScreeningEagleSimulator, SCREENING_EAGLE_TOKEN_PATH } from './screening-eagle';
export type { ScreeningEagleClient, ScreeningEagleErrorStatus, ScreeningEagleOptions, ScreeningEagleSimulator } from './screening-eagle';
export { startIshareSimulator, ISHARE_TOKEN_PATH } from './ishare';
export type { IshareSimulator, IshareSimulatorOptions } from './ishare';
export { createTestCa } from './test-pki';
export type { ClientCertOptions, ClientCredentials, TestCa } from './test-pki';
export { PROTECTED_API_PATH } from './protected-api';
export type { ApiMode, SimulatorStats, TokenInfo } from './protected-api';

/** The three simulators and the `M2M_PROFILE_*` variables of a profile for each. */
export interface DevM2MSimulators {
  duende: DuendeSimulator;
  screeningEagle: ScreeningEagleSimulator;
  ishare: IshareSimulator;
  /** Profiles `DUENDE`, `SCREENING_EAGLE` and `ISHARE` (key and chain written to a temp dir). */
  env: Record<string, string>;
  /** Stop all three and delete the temp dir. */
  close(): Promise<void>;
}

/**
 * Start all three simulators and describe a working profile for each as environment variables,
 * e.g. to merge into `process.env` so `profileFromEnv('duende')` or `npm run token -- --dev
 * --profile ishare` works offline.
 *
 * @example
 * ```ts
 * import { createTokenSource, profileFromEnv } from 'netid-rp/m2m';
 * const sims = await startDevM2MSimulators();
 * const source = createTokenSource(profileFromEnv('screening-eagle', sims.env));
 * await sims.close();
 * ```
 */
export async function startDevM2MSimulators(): Promise<DevM2MSimulators> {
  const [duende, screeningEagle, ishare] = await Promise.all([startDuendeSimulator(), startScreeningEagleSimulator(), startIshareSimulator()]);
  const dir = mkdtempSync(join(tmpdir(), 'm2m-dev-'));
  const [eori, party] = Object.entries(ishare.clients)[0]!;
  writeFileSync(join(dir, 'client-key.pem'), party.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'client-chain.pem'), party.certChainPem);
  const [duendeClient] = duende.clients;
  const [seClient] = screeningEagle.clients;
  const env: Record<string, string> = {
    M2M_PROFILE_DUENDE_ISSUER: duende.issuer,
    M2M_PROFILE_DUENDE_CLIENT_ID: duendeClient!.clientId,
    M2M_PROFILE_DUENDE_CLIENT_SECRET: duendeClient!.secret,
    M2M_PROFILE_DUENDE_AUTH: duendeClient!.authMethod,
    M2M_PROFILE_DUENDE_SCOPE: 'api1',
    M2M_PROFILE_SCREENING_EAGLE_TOKEN_URL: screeningEagle.tokenUrl,
    M2M_PROFILE_SCREENING_EAGLE_CLIENT_ID: seClient!.clientId,
    M2M_PROFILE_SCREENING_EAGLE_CLIENT_SECRET: seClient!.secret,
    M2M_PROFILE_SCREENING_EAGLE_AUTH: 'client_secret_basic',
    M2M_PROFILE_SCREENING_EAGLE_SCOPE: 'openid inspect',
    M2M_PROFILE_ISHARE_TOKEN_URL: ishare.tokenUrl,
    M2M_PROFILE_ISHARE_CLIENT_ID: eori,
    M2M_PROFILE_ISHARE_AUTH: 'private_key_jwt',
    M2M_PROFILE_ISHARE_ASSERTION_PROFILE: 'ishare',
    M2M_PROFILE_ISHARE_AUDIENCE: ishare.serverEori,
    M2M_PROFILE_ISHARE_PRIVATE_KEY_FILE: join(dir, 'client-key.pem'),
    M2M_PROFILE_ISHARE_CERT_CHAIN_FILE: join(dir, 'client-chain.pem'),
  };
  return {
    duende,
    screeningEagle,
    ishare,
    env,
    async close() {
      await Promise.all([duende.close(), screeningEagle.close(), ishare.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
