import type { NetIdUserStatus, PermissionsWrite } from 'netid-rp/permission-center';

/** An error answer of `/api/permissions` (or `network_error` when the app could not be reached). */
export interface ApiError {
  error: string;
  message: string;
  /** Same-origin login path that renews the Permission Center token and comes back. */
  reauthenticate?: string;
}

/** The outcome of one call of `/api/permissions`. */
export type Outcome = { ok: true; status: NetIdUserStatus } | { ok: false; error: ApiError };

/** A consent change a user can ask for; also the `intent` query parameter that survives re-authentication. */
export type ConsentIntent = 'grant' | 'revoke';

/** Narrows a query parameter to a {@link ConsentIntent}. */
export function isConsentIntent(value: unknown): value is ConsentIntent {
  return value === 'grant' || value === 'revoke';
}

/** Reads (no body) or writes the privacy status; `returnTo` is where a renewal sign-in comes back to. */
export async function callPermissions(returnTo: string, body?: PermissionsWrite): Promise<Outcome> {
  const url = `/api/permissions?returnTo=${encodeURIComponent(returnTo)}`;
  // JSON content type plus a custom header: a cross-site page cannot send either without a CORS preflight.
  const init: RequestInit = body
    ? { method: 'POST', headers: { 'content-type': 'application/json', 'x-requested-with': 'fetch' }, body: JSON.stringify(body) }
    : {};
  try {
    const res = await fetch(url, { cache: 'no-store', ...init });
    const json = (await res.json()) as NetIdUserStatus | ApiError;
    return res.ok ? { ok: true, status: json as NetIdUserStatus } : { ok: false, error: json as ApiError };
  } catch {
    return { ok: false, error: { error: 'network_error', message: 'The app could not be reached.' } };
  }
}
