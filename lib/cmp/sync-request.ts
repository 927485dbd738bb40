import type { IdConsent } from './tcf-api';

/** The 200 answer of the app's route (`createTcfSyncRoutes` of `netid-rp/permission-center`). */
export interface SyncAnswer {
  result: 'written' | 'unchanged' | 'stored_is_newer' | 'stored' | 'nothing_stored';
  stored: { tc_string: string; last_updated: string; changed_at: string } | null;
  idconsent: IdConsent | null;
}

/** What one call to the route came to. */
export type SyncOutcome =
  | { kind: 'ok'; answer: SyncAnswer }
  /** Sign in first: 401, or 403 `permission_token_missing`. */
  | { kind: 'sign_in'; code: string; reauthenticate?: string }
  /** 410: the netID account is gone. */
  | { kind: 'gone'; code: string }
  /** Failed, retry: a timeout, no connection, 408, 429, 5xx, or an answer that is not ours. */
  | { kind: 'retry'; code: string; status: number; retryAfterMs?: number }
  /** Refused for good (400, 403, 413, 415): sending it again would not help. */
  | { kind: 'refused'; code: string; status: number };

function isAnswer(v: unknown): v is SyncAnswer {
  const a = v as SyncAnswer | null;
  return !!a && typeof a.result === 'string' && (a.stored === null || typeof a.stored?.tc_string === 'string');
}

/** One POST to the route with a timeout over the whole exchange; never throws. */
export async function postSync(fetchFn: typeof fetch, endpoint: string, body: object, timeoutMs: number): Promise<SyncOutcome> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await fetchFn(endpoint, {
      method: 'POST',
      // The route's same-origin proof (as the BFF's): a cross-site page cannot send this header without a preflight.
      headers: { 'content-type': 'application/json', 'x-csrf': '1' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: abort.signal,
    });
    let json: { error?: unknown; reauthenticate?: unknown } | null = null;
    try {
      json = await res.json();
    } catch {
      // Not JSON: a proxy's page; judged by the status below.
    }
    const code = typeof json?.error === 'string' ? json.error : `http_${res.status}`;
    const s = res.status;
    if (s === 200) return isAnswer(json) ? { kind: 'ok', answer: json } : { kind: 'retry', code: 'bad_answer', status: s };
    if (s === 401 || (s === 403 && code === 'permission_token_missing'))
      return { kind: 'sign_in', code, ...(typeof json?.reauthenticate === 'string' ? { reauthenticate: json.reauthenticate } : {}) };
    if (s === 410) return { kind: 'gone', code };
    if (s === 408 || s === 429 || s >= 500) {
      const after = Number(res.headers.get('retry-after'));
      return { kind: 'retry', code, status: s, ...(after > 0 ? { retryAfterMs: after * 1000 } : {}) };
    }
    return { kind: 'refused', code, status: s };
  } catch {
    return { kind: 'retry', code: abort.signal.aborted ? 'timeout' : 'network_error', status: 0 };
  } finally {
    clearTimeout(timer);
  }
}
