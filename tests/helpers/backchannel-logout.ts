/** Back-channel logout in the tests: a logout token's claims and the POST that delivers it. */
import type { NetIdAuth } from '@/lib/auth';
import { BACKCHANNEL_LOGOUT_EVENT } from '@/lib/auth/logout-token';
import type { EmbeddedOidcStack } from 'netid-rp-testing';

/** Valid logout-token claims of the stack's provider for its client (`extra` adds or overrides). */
export function logoutClaims(stack: EmbeddedOidcStack, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: stack.provider.issuer, aud: stack.env.OIDC_CLIENT_ID, iat: now, exp: now + 120, jti: crypto.randomUUID(), events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, ...extra };
}

/** `POST {appUrl}/api/auth/backchannel-logout` with `logout_token` on instance `auth`. */
export function backchannelLogout(auth: NetIdAuth, appUrl: string, token: string): Promise<Response> {
  return auth.backchannelLogout(
    new Request(`${appUrl}/api/auth/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: token }),
    }),
  );
}
