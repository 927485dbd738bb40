import { startDuendeSimulator, type DuendeSimulator } from '@/packages/netid-rp-testing/src/m2m/duende';
import { startIshareSimulator, type IshareSimulator } from '@/packages/netid-rp-testing/src/m2m/ishare';
import { startScreeningEagleSimulator, type ScreeningEagleSimulator } from '@/packages/netid-rp-testing/src/m2m/screening-eagle';
import type { M2MProfile } from '@/lib/m2m';

/** The iSHARE client party every test uses. */
export const ISHARE_CLIENT = 'EU.EORI.NL000000001';

/** Screening Eagle client whose id and secret need RFC 6749 §2.3.1 encoding (`:`, `%`, `+`, space, non-ASCII). */
export const ODD_CLIENT = { clientId: 'ödd:client+id%2F x', secret: 'p%41ss:wörd+ €/=', scopes: ['inspect'] };
/** A UUID-like id and a secret with `-._`: what a server that never form-decodes must still accept. */
export const LITERAL_CLIENT = { clientId: 'se-client.v1_0f6b-4c1e', secret: 'sec-ret_1.2-x', scopes: ['inspect'] };

/** All three simulators, started together. */
export interface M2MSims {
  duende: DuendeSimulator;
  se: ScreeningEagleSimulator;
  ishare: IshareSimulator;
  close(): Promise<void>;
}

/** Start the Duende-, Screening Eagle- and iSHARE-style simulators (about half a second, mostly RSA keys). */
export async function startM2MSims(): Promise<M2MSims> {
  const [duende, se, ishare] = await Promise.all([
    startDuendeSimulator(),
    startScreeningEagleSimulator({
      clients: [{ clientId: 'integration-dev', secret: 'dev-secret', scopes: ['openid', 'email', 'profile', 'inspect'] }, ODD_CLIENT, LITERAL_CLIENT],
    }),
    startIshareSimulator({ clients: [ISHARE_CLIENT] }),
  ]);
  return {
    duende,
    se,
    ishare,
    close: async () => {
      await Promise.all([duende.close(), se.close(), ishare.close()]);
    },
  };
}

/** Profiles for each simulator and auth method, with per-test overrides. */
export const profiles = {
  duendePost: (s: M2MSims, o: Partial<M2MProfile> = {}): M2MProfile => ({
    issuer: s.duende.issuer, clientId: 'm2m', clientSecret: 'secret', auth: 'client_secret_post', scope: 'api1', timeoutMs: 2000, ...o,
  }),
  duendeBasic: (s: M2MSims, o: Partial<M2MProfile> = {}): M2MProfile => ({
    issuer: s.duende.issuer, clientId: 'm2m.basic', clientSecret: 'basic:secret', auth: 'client_secret_basic', scope: 'api1 api2', timeoutMs: 2000, ...o,
  }),
  se: (s: M2MSims, o: Partial<M2MProfile> = {}): M2MProfile => ({
    tokenUrl: s.se.tokenUrl, clientId: 'integration-dev', clientSecret: 'dev-secret', scope: 'openid inspect', timeoutMs: 2000, ...o,
  }),
  ishare: (s: M2MSims, o: Partial<M2MProfile> = {}): M2MProfile => ({
    tokenUrl: s.ishare.tokenUrl,
    clientId: ISHARE_CLIENT,
    auth: 'private_key_jwt',
    assertionProfile: 'ishare',
    audience: s.ishare.serverEori,
    privateKey: s.ishare.clients[ISHARE_CLIENT]!.privateKeyPem,
    certChain: s.ishare.clients[ISHARE_CLIENT]!.certChainPem,
    timeoutMs: 2000,
    ...o,
  }),
};
