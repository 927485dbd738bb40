/**
 * A bare-hands OAuth client for the Duende-style dev provider (plain fetch, no RP library), for
 * tests that check the provider itself.
 *
 * @module
 */
import type { DuendeDevClient, DuendeDevProvider } from 'netid-rp-testing';
import { pkceAuthorizeRequest, type StartedAuthorization } from './authorize-request';
import { BrokerCookieJar, signInAtBroker } from './broker-login';

export { b64, type StartedAuthorization } from './authorize-request';

/** A JSON object. */
export type Json = Record<string, unknown>;

/** `/connect/authorize` URL with fresh PKCE (S256), state and nonce; `params` override or drop (undefined). */
export function authorizeRequest(
  idp: DuendeDevProvider,
  client: DuendeDevClient,
  params: Record<string, string | undefined> = {},
): StartedAuthorization {
  const base = { client_id: client.client_id, redirect_uri: client.redirect_uris[0], scope: 'openid profile email offline_access' };
  return pkceAuthorizeRequest(`${idp.issuer}/connect/authorize`, base, params);
}

/** POST a form to a client-authenticated endpoint (`/connect/token`, `/connect/revocation`). */
export async function postForm(
  url: string,
  client: DuendeDevClient,
  params: Record<string, string>,
  auth = client.token_endpoint_auth_method ?? 'client_secret_basic',
): Promise<{ status: number; json: Json }> {
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'client_secret_basic') {
    const pair = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    body.set('client_id', client.client_id);
    body.set('client_secret', client.client_secret);
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : {} };
}

/** `grant_type=refresh_token` at `/connect/token`. */
export function refresh(idp: DuendeDevProvider, client: DuendeDevClient, refreshToken: string) {
  return postForm(`${idp.issuer}/connect/token`, client, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** What {@link signIn} returns. */
export interface SignedIn {
  started: StartedAuthorization;
  /** The provider cookies of the "browser" that signed in. */
  jar: BrokerCookieJar;
  status: number;
  json: Json;
}

/** Authorize (signing in as `user` on the sign-in page), then redeem the code. */
export async function signIn(
  idp: DuendeDevProvider,
  client: DuendeDevClient,
  params: Record<string, string | undefined> = {},
  user = 'max',
): Promise<SignedIn> {
  const started = authorizeRequest(idp, client, params);
  const jar = new BrokerCookieJar();
  const callback = await signInAtBroker(started.url, { user, jar });
  if (callback.searchParams.get('state') !== started.state) throw new Error(`state mismatch: ${callback.href}`);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.href}`);
  const { status, json } = await postForm(`${idp.issuer}/connect/token`, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirect_uris[0]!,
    code_verifier: started.verifier,
  });
  return { started, jar, status, json };
}
