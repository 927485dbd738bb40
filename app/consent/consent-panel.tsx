'use client';

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { NetIdUserStatus, PermissionsWrite } from 'netid-rp/permission-center';

/** An error answer of `/api/permissions`. */
interface ApiError {
  error: string;
  message: string;
  reauthenticate?: string;
}

type Outcome = { ok: true; status: NetIdUserStatus } | { ok: false; error: ApiError };

const ENDPOINT = '/api/permissions?returnTo=%2Fconsent';

async function call(init?: RequestInit): Promise<Outcome> {
  try {
    const res = await fetch(ENDPOINT, { cache: 'no-store', ...init });
    const body = (await res.json()) as NetIdUserStatus | ApiError;
    return res.ok ? { ok: true, status: body as NetIdUserStatus } : { ok: false, error: body as ApiError };
  } catch {
    return { ok: false, error: { error: 'network_error', message: 'The app could not be reached.' } };
  }
}

function Value({ testId, value, empty }: { testId: string; value: string | null | undefined; empty: string }) {
  return <dd data-testid={testId}>{value ?? <em>{empty}</em>}</dd>;
}

/** Reads and writes the privacy status through `/api/permissions` (same-origin, JSON). */
export function ConsentPanel() {
  const [loading, setLoading] = useState(true);
  const [status, setStatus] = useState<NetIdUserStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [tcString, setTcString] = useState('');

  /** Shows a fresh status, or keeps the last one next to the error. */
  const show = useCallback((outcome: Outcome) => {
    if (outcome.ok) {
      setStatus(outcome.status);
      setError(null);
    } else {
      setError(outcome.error);
      // The session is gone: nothing shown may outlive it.
      if (outcome.error.error === 'account_gone' || outcome.error.error === 'unauthenticated') setStatus(null);
    }
    setLoading(false);
  }, []);

  const load = useCallback(async () => show(await call()), [show]);
  useEffect(() => {
    void load();
  }, [load]);

  async function write(body: PermissionsWrite) {
    setBusy(true);
    // JSON content type plus a custom header: a cross-site page cannot send either without a CORS preflight.
    show(
      await call({
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'fetch' },
        body: JSON.stringify(body),
      }),
    );
    setBusy(false);
  }

  function submitTcString(event: FormEvent) {
    event.preventDefault();
    void write({ iab_tc_string: tcString.trim() });
  }

  if (loading) return <p data-testid="consent-loading">Loading your privacy status…</p>;

  const settings = status?.netid_privacy_settings;
  const ids = status?.subject_identifiers;
  return (
    <>
      {error && (
        <div className="error" data-testid="consent-error">
          <p>
            Error code: <code data-testid="consent-error-code">{error.error}</code>
          </p>
          <p data-testid="consent-error-message">{error.message}</p>
          {error.reauthenticate && (
            <a className="button primary" href={error.reauthenticate} data-testid="consent-renew">
              Renew access at netID
            </a>
          )}{' '}
          <button className="button" type="button" onClick={() => void load()} data-testid="consent-reload">
            Try again
          </button>
        </div>
      )}
      {status && (
        <dl>
          <dt>Result</dt>
          <dd data-testid="consent-status-code">{status.status_code}</dd>
          <dt>ID consent</dt>
          <Value testId="consent-idconsent" value={settings?.idconsent?.status} empty="not set" />
          <dt>ID consent changed</dt>
          <Value testId="consent-idconsent-changed-at" value={settings?.idconsent?.changed_at} empty="never" />
          <dt>TC string</dt>
          <Value testId="consent-tcstring" value={settings?.iab_tcstring?.value} empty="not set" />
          <dt>TC string changed</dt>
          <Value testId="consent-tcstring-changed-at" value={settings?.iab_tcstring?.changed_at} empty="never" />
          <dt>TPID</dt>
          <Value testId="consent-tpid" value={ids?.tpid} empty="not released" />
          <dt>SYNC_ID</dt>
          <Value testId="consent-sync-id" value={ids?.sync_id} empty="not released" />
          <dt>ETPID</dt>
          <Value testId="consent-etpid" value={ids?.etpid} empty="not released" />
        </dl>
      )}
      {status && (
        <>
          <h2>ID consent</h2>
          <p>
            <button className="button primary" type="button" disabled={busy} onClick={() => void write({ idconsent: 'VALID' })} data-testid="consent-grant">
              Grant ID consent
            </button>{' '}
            <button className="button" type="button" disabled={busy} onClick={() => void write({ idconsent: 'INVALID' })} data-testid="consent-revoke">
              Revoke ID consent
            </button>
          </p>
          <h2>TC string</h2>
          <form onSubmit={submitTcString}>
            <label>
              IAB TCF v2 TC string{' '}
              <input name="iab_tc_string" value={tcString} onChange={(e) => setTcString(e.target.value)} size={48} data-testid="consent-tc-input" />
            </label>{' '}
            <button className="button" type="submit" disabled={busy || tcString.trim() === ''} data-testid="consent-tc-save">
              Store TC string
            </button>
          </form>
        </>
      )}
    </>
  );
}
