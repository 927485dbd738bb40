'use client';

import { useEffect, useState } from 'react';
import { startConsentSync } from 'netid-rp/cmp';
import { useNetIdSession } from 'netid-rp/next/client';
import type { ReferenceCmp } from './reference-cmp';

/**
 * Connects the reference CMP to netID through the package's bridge (`netid-rp/cmp`), as a
 * partner would connect theirs: a signed-in user's choice goes to the Permission Center, a newer
 * one stored from another device comes back through `cmp.inject`, and a choice made while signed
 * out waits (first-party) for the next sign-in. Started once the session is known, so a
 * signed-out page never calls the route; a new user or a new sign-in restarts it.
 *
 * Returns the bridge's last event (the footer shows it as `data-sync`, for tests and curious
 * developers) and whether the banner may show yet: see {@link NetIdConsentSyncState.settled}.
 *
 * `readTtlSeconds: 0` reads what is stored on every page load of a signed-in user: in this demo a
 * choice made on one device shows on the other's next load. A busy site would read less often.
 */
/** The bridge's last event on this page (`idle` before any). */
export type ConsentSyncStatus = 'idle' | 'synced' | 'injected' | 'pending' | 'failed' | 'purged';

/** What {@link useNetIdConsentSync} reports. */
export interface NetIdConsentSyncState {
  /** The bridge's last event on this page. */
  status: ConsentSyncStatus;
  /**
   * Whether a banner may show now: the user is signed out (nothing can come from netID), or the
   * bridge has answered once (a stored choice would have been injected by then).
   */
  settled: boolean;
}

export function useNetIdConsentSync(cmp: ReferenceCmp | null): NetIdConsentSyncState {
  const { status, session } = useNetIdSession();
  const [syncStatus, setSyncStatus] = useState<ConsentSyncStatus>('idle');
  const signedIn = status === 'authenticated' ? true : status === 'unauthenticated' ? false : undefined;
  const sessionKey = session ? `${session.user?.sub ?? session.flow}:${session.permissionToken?.expiresAt ?? ''}` : undefined;
  useEffect(() => {
    if (!cmp || status === 'loading') return;
    const sync = startConsentSync({ inject: (tcString) => cmp.inject(tcString), readTtlSeconds: 0, signedIn, sessionKey });
    for (const type of ['synced', 'injected', 'pending', 'failed', 'purged'] as const) sync.addEventListener(type, () => setSyncStatus(type));
    return () => sync.stop();
  }, [cmp, status, signedIn, sessionKey]);
  return { status: syncStatus, settled: (status !== 'loading' && status !== 'authenticated') || syncStatus !== 'idle' };
}
