import { startDevBroker, type DevBroker, type DevBrokerClient } from 'netid-rp-testing';
import { createNetIdAuth, optionsFromEnv, type NetIdAuth, type NetIdAuthOptions } from '@/lib/auth';

/** The app URL the in-process RP pretends to live at (nothing listens there). */
export const APP_URL = 'http://127.0.0.1:3999';

/** Test clients registered at the broker, by the alg / auth method they exercise. */
export const CLIENTS = {
  basic: { client_id: 'rp-basic', client_secret: 'secret:with%odd+chars', token_endpoint_auth_method: 'client_secret_basic' },
  post: { client_id: 'rp-post', client_secret: 'post-secret', token_endpoint_auth_method: 'client_secret_post' },
  es256: { client_id: 'rp-es256', client_secret: 'es-secret', id_token_signed_response_alg: 'ES256' },
  none: { client_id: 'rp-none', client_secret: 'none-secret', id_token_signed_response_alg: 'none' },
  /** A UUID-like id and a secret with `-._`, at a server that never form-decodes Basic credentials. */
  literal: { client_id: 'rp-basic.enc_0f6b-4c1e', client_secret: 'sec-ret_1.2-x', basic_credentials_decoded: false },
} as const satisfies Record<string, Omit<DevBrokerClient, 'redirect_uris'>>;

/** Starts the embedded broker with every test client. */
export function startTestBroker(): Promise<DevBroker> {
  return startDevBroker({
    quiet: true,
    clients: Object.values(CLIENTS).map((c) => ({ ...c, redirect_uris: [`${APP_URL}/api/auth/callback`] })),
  });
}

/** RP options for `client` at `issuer`, from the environment variables with overrides. */
export function rpConfig(issuer: string, client: keyof typeof CLIENTS = 'basic', env: Record<string, string> = {}): NetIdAuthOptions {
  const c = CLIENTS[client];
  return optionsFromEnv({
    NETID_ISSUER: issuer,
    NETID_CLIENT_ID: c.client_id,
    NETID_CLIENT_SECRET: c.client_secret,
    NETID_CLIENT_AUTH: 'token_endpoint_auth_method' in c ? c.token_endpoint_auth_method : 'client_secret_basic',
    NETID_ID_TOKEN_ALG: 'id_token_signed_response_alg' in c ? c.id_token_signed_response_alg : 'RS256',
    APP_URL,
    SESSION_PASSWORD: 'integration-session-password-0123456789',
    NETID_HTTP_TIMEOUT_MS: '2000',
    ...env,
  });
}

/** An RP core instance whose log lines are captured instead of printed. */
export function rp(options: NetIdAuthOptions): { auth: NetIdAuth; logs: string[] } {
  const logs: string[] = [];
  const auth = createNetIdAuth({ ...options, log: (event, detail) => logs.push(`${event} ${JSON.stringify(detail)}`) });
  return { auth, logs };
}
