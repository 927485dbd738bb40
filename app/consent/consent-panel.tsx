'use client';

import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { NetIdUserStatus, PermissionsWrite } from 'netid-rp/permission-center';
import type { Dictionary, Locale } from '@/app/_i18n';
import { fill } from '@/app/_i18n/fill';
import { callPermissions, type ApiError, type ConsentIntent, type Outcome } from './consent-api';
import { choiceOf, errorText, formatDate } from './consent-words';

type ConsentTexts = Dictionary['consent'];

/** What the panel is doing; `pending` names the change being saved. */
type Activity = { kind: 'idle' } | { kind: 'pending'; intent: ConsentIntent | 'tc' } | { kind: 'reauthenticating' };

/** What a retry repeats. */
type Retry = { kind: 'load' } | { kind: 'write'; body: PermissionsWrite; intent: ConsentIntent | 'tc' };

const PATH = '/consent';

const WRITE_OF: Readonly<Record<ConsentIntent, PermissionsWrite>> = { grant: { idconsent: 'VALID' }, revoke: { idconsent: 'INVALID' } };

/** Drops `?intent=` from the address bar once it has been answered, so a reload does not ask again. */
function forgetIntent() {
  window.history.replaceState(null, '', PATH);
}

/**
 * Reads and changes the user's ID consent through `/api/permissions` (the token stays on the server).
 *
 * An expired Permission Center token during a change sends the user through sign-in with
 * `returnTo=/consent?intent=<grant|revoke>`; back here, `intent` only asks for a confirming click
 * (never writes by itself), so a link to `/consent?intent=grant` on another site changes nothing.
 */
export function ConsentPanel({ t, locale, intent: initialIntent }: { t: ConsentTexts; locale: Locale; intent: ConsentIntent | null }) {
  const [loading, setLoading] = useState(true);
  const [status, setStatus] = useState<NetIdUserStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [retry, setRetry] = useState<Retry>({ kind: 'load' });
  const [activity, setActivity] = useState<Activity>({ kind: 'idle' });
  const [saved, setSaved] = useState<ConsentIntent | 'tc' | null>(null);
  const [intent, setIntent] = useState<ConsentIntent | null>(initialIntent);
  const [tcString, setTcString] = useState('');
  const errorRef = useRef<HTMLDivElement>(null);

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

  const load = useCallback(async () => {
    setRetry({ kind: 'load' });
    show(await callPermissions(PATH));
  }, [show]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function write(body: PermissionsWrite, what: ConsentIntent | 'tc') {
    setActivity({ kind: 'pending', intent: what });
    setSaved(null);
    setRetry({ kind: 'write', body, intent: what });
    const returnTo = what === 'tc' ? PATH : `${PATH}?intent=${what}`;
    const outcome = await callPermissions(returnTo, body);
    if (!outcome.ok && outcome.error.error === 'permission_token_expired' && outcome.error.reauthenticate && what !== 'tc') {
      // Renew at netID and come back here with the intent, which then asks for a confirming click.
      setActivity({ kind: 'reauthenticating' });
      window.location.assign(outcome.error.reauthenticate);
      return;
    }
    show(outcome);
    if (outcome.ok) setSaved(what);
    setActivity({ kind: 'idle' });
  }

  function confirmIntent(yes: boolean) {
    const wanted = intent;
    setIntent(null);
    forgetIntent();
    if (yes && wanted) void write(WRITE_OF[wanted], wanted);
  }

  function again() {
    if (retry.kind === 'write') void write(retry.body, retry.intent);
    else {
      setLoading(true);
      void load();
    }
  }

  function submitTcString(event: FormEvent) {
    event.preventDefault();
    void write({ iab_tc_string: tcString.trim() }, 'tc');
  }

  if (loading) return <p data-testid="consent-loading">{t.loading}</p>;

  const busy = activity.kind !== 'idle';
  const choice = status ? choiceOf(status) : null;
  const settings = status?.netid_privacy_settings;
  const ids = status?.subject_identifiers;
  const dash = (value: string | null | undefined, empty: string) => value ?? <em>{empty}</em>;

  return (
    <>
      <div role="status" aria-live="polite" className="live">
        {activity.kind === 'pending' && (
          <p className="notice" data-testid="consent-pending">
            {t.saving}
          </p>
        )}
        {activity.kind === 'reauthenticating' && (
          <p className="notice" data-testid="consent-reauthenticating">
            {t.reauthenticating}
          </p>
        )}
        {activity.kind === 'idle' && saved && saved !== 'tc' && !error && (
          <p className="notice" data-testid="consent-saved">
            {saved === 'grant' ? t.savedGranted : t.savedRevoked}
          </p>
        )}
      </div>

      {error && (
        <div className="error" role="alert" tabIndex={-1} ref={errorRef} data-testid="consent-error">
          <h2>{t.errorTitle}</h2>
          <p data-testid="consent-error-message">{errorText(error.error, t)}</p>
          <div className="actions">
            {error.reauthenticate ? (
              <a className="button primary" href={error.reauthenticate} data-testid="consent-renew">
                {error.error === 'permission_token_missing' ? t.getToken : t.renew}
              </a>
            ) : null}
            {error.error !== 'unauthenticated' && error.error !== 'account_gone' && (
              <button className="button" type="button" onClick={again} disabled={busy} data-testid="consent-reload">
                {t.retry}
              </button>
            )}
          </div>
          <p className="muted">
            <small>
              {t.dev.errorCode}: <code data-testid="consent-error-code">{error.error}</code>
            </small>
          </p>
        </div>
      )}

      {status && choice && (
        <>
          <h2>{t.currentChoice}</h2>
          <p className="choice" data-testid="consent-choice" data-state={choice.state}>
            {choice.state === 'undecided'
              ? t.notDecided
              : fill(choice.state === 'granted' ? t.granted : t.revoked, { date: formatDate(choice.changedAt, locale) })}
          </p>

          {intent ? (
            <div className="notice" data-testid="consent-confirm">
              <p>{intent === 'grant' ? t.confirmGrant : t.confirmRevoke}</p>
              <div className="actions">
                <button className="button primary" type="button" onClick={() => confirmIntent(true)} data-testid="consent-confirm-yes">
                  {t.confirmYes}
                </button>
                <button className="button" type="button" onClick={() => confirmIntent(false)} data-testid="consent-confirm-no">
                  {t.confirmNo}
                </button>
              </div>
            </div>
          ) : (
            <div className="actions" aria-busy={busy}>
              <button
                className={choice.state === 'granted' ? 'button' : 'button primary'}
                type="button"
                disabled={busy || choice.state === 'granted'}
                onClick={() => void write(WRITE_OF.grant, 'grant')}
                data-testid="consent-grant"
              >
                {t.grant}
              </button>
              <button
                className="button"
                type="button"
                disabled={busy || choice.state === 'revoked'}
                onClick={() => void write(WRITE_OF.revoke, 'revoke')}
                data-testid="consent-revoke"
              >
                {t.revoke}
              </button>
            </div>
          )}

          <details data-testid="consent-details">
            <summary>{t.dev.heading}</summary>
            <dl>
              <dt>{t.dev.result}</dt>
              <dd data-testid="consent-status-code">{status.status_code}</dd>
              <dt>{t.dev.idconsent}</dt>
              <dd data-testid="consent-idconsent">{dash(settings?.idconsent?.status, t.dev.notSet)}</dd>
              <dt>{t.dev.idconsentChangedAt}</dt>
              <dd data-testid="consent-idconsent-changed-at">{dash(settings?.idconsent?.changed_at, t.dev.never)}</dd>
              <dt>{t.dev.tcString}</dt>
              <dd data-testid="consent-tcstring">{dash(settings?.iab_tcstring?.value, t.dev.notSet)}</dd>
              <dt>{t.dev.tcStringChangedAt}</dt>
              <dd data-testid="consent-tcstring-changed-at">{dash(settings?.iab_tcstring?.changed_at, t.dev.never)}</dd>
              <dt>TPID</dt>
              <dd data-testid="consent-tpid">{dash(ids?.tpid, t.dev.notReleased)}</dd>
              <dt>SYNC_ID</dt>
              <dd data-testid="consent-sync-id">{dash(ids?.sync_id, t.dev.notReleased)}</dd>
              <dt>ETPID</dt>
              <dd data-testid="consent-etpid">{dash(ids?.etpid, t.dev.notReleased)}</dd>
            </dl>
            <form onSubmit={submitTcString}>
              <label>
                {t.dev.tcForm}
                <input
                  type="text"
                  name="iab_tc_string"
                  value={tcString}
                  onChange={(e) => setTcString(e.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  data-testid="consent-tc-input"
                />
              </label>
              <p>
                <button className="button" type="submit" disabled={busy || tcString.trim() === ''} data-testid="consent-tc-save">
                  {t.dev.tcSave}
                </button>
              </p>
            </form>
          </details>
        </>
      )}
    </>
  );
}
