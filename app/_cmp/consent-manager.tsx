'use client';

import { useEffect, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import { ConsentBanner, type CmpTexts } from './consent-banner';
import { useNetIdConsentSync } from './netid-sync';
import { ReferenceCmp, referenceCmp } from './reference-cmp';

// The CMP starts when this module runs in the browser, before React hydrates. Until then the IAB stub
// of the root layout's <head> (tcf-stub.tsx) is `window.__tcfapi` and queues calls; CmpApi takes them over.
if (typeof window !== 'undefined') referenceCmp(document.documentElement.lang || 'de');

/** Longest wait for the bridge's first answer before the first banner shows anyway. */
const FIRST_BANNER_WAIT_MS = 2500;

/**
 * Mounted once by the root layout, so every page has `window.__tcfapi`: starts the reference
 * CMP in the browser, shows its banner while no choice is known, syncs the choice with netID's
 * Permission Center (`netid-rp/cmp`), and renders the footer's "Privacy settings" link that opens
 * the purpose settings again.
 */
export function ConsentManager({ texts, locale }: { texts: CmpTexts; locale: string }) {
  const [cmp, setCmp] = useState<ReferenceCmp | null>(null);
  useEffect(() => setCmp(referenceCmp(locale)), [locale]);
  const sync = useNetIdConsentSync(cmp);
  const reopen = useRef<HTMLButtonElement>(null);
  // A signed-in user without a choice on this device may have one at netID: the first banner
  // waits for the bridge's first answer (bounded), so it does not flash up only to be replaced.
  const [waitedEnough, setWaitedEnough] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setWaitedEnough(true), FIRST_BANNER_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  return (
    <>
      {cmp && <CmpBanner cmp={cmp} texts={texts} reopen={reopen} mayShowFirst={sync.settled || waitedEnough} />}
      <footer className="site-footer" data-testid="site-footer" data-sync={sync.status}>
        <button ref={reopen} type="button" className="link-button" onClick={() => cmp?.openSettings()} data-testid="cmp-open-settings">
          {texts.reopen}
        </button>
      </footer>
    </>
  );
}

interface CmpBannerProps {
  cmp: ReferenceCmp;
  texts: CmpTexts;
  reopen: RefObject<HTMLButtonElement | null>;
  /** Whether the first-layer banner may show (the settings, opened by the user, always may). */
  mayShowFirst: boolean;
}

function CmpBanner({ cmp, texts, reopen, mayShowFirst }: CmpBannerProps) {
  const state = useSyncExternalStore(cmp.subscribe, cmp.getState, ReferenceCmp.serverState);
  const wasOpen = useRef(false);
  useEffect(() => {
    const open = state.view !== 'hidden';
    // A choice removed the focused button with the banner: keep keyboard users near it, on the link that reopens it.
    if (wasOpen.current && !open && (document.activeElement === document.body || document.activeElement === null)) reopen.current?.focus();
    wasOpen.current = open;
  }, [state.view, reopen]);
  if (state.view === 'hidden' || (state.view === 'banner' && !mayShowFirst)) return null;
  return <ConsentBanner cmp={cmp} state={state} texts={texts} />;
}
