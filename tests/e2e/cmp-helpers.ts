/** What the CMP specs share: the IAB TCF v2.2 API seen from a page, and the banner's controls. */
import { expect, type Page } from './fixtures';

/** The parts of the TCF v2.2 `TCData` the specs read. */
export interface TcData {
  tcString: string;
  eventStatus: 'tcloaded' | 'cmpuishown' | 'useractioncomplete';
  cmpStatus: string;
  cmpId: number;
  gdprApplies: boolean;
  isServiceSpecific: boolean;
  tcfPolicyVersion: number;
  purpose: { consents: Record<string, boolean>; legitimateInterests: Record<string, boolean> };
  vendor: { consents: Record<string, boolean> };
}

/** `__tcfapi('getTCData', 2, cb)` on the page (queued by the CMP until it has loaded); fails the test after 10 s. */
export async function getTcData(page: Page): Promise<TcData> {
  return page.evaluate(
    () =>
      new Promise<TcData>((resolve, reject) => {
        const api = (window as unknown as { __tcfapi?: (...args: unknown[]) => void }).__tcfapi;
        // Right after a navigation the page may still be loading its scripts: the caller asserts __tcfapi's presence itself.
        if (typeof api !== 'function') return reject(new Error('window.__tcfapi is not defined'));
        const timer = setTimeout(() => reject(new Error('getTCData did not answer within 10 s')), 10_000);
        api('getTCData', 2, (data: TcData, success: boolean) => {
          clearTimeout(timer);
          if (success) resolve(JSON.parse(JSON.stringify(data)) as TcData);
          else reject(new Error('getTCData answered success=false'));
        });
      }),
  );
}

/**
 * Registers a `__tcfapi('addEventListener', 2, cb)` listener before the page's scripts run (call
 * before `goto`); {@link eventStatuses} reads what it has heard since.
 */
export async function recordTcfEvents(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __tcfEvents: string[]; __tcfapi?: (...args: unknown[]) => void };
    w.__tcfEvents = [];
    const start = Date.now();
    const attach = () => {
      if (typeof w.__tcfapi !== 'function') {
        if (Date.now() - start < 15_000) setTimeout(attach, 20);
        return;
      }
      w.__tcfapi('addEventListener', 2, (data: { eventStatus: string }, success: boolean) => {
        if (success) w.__tcfEvents.push(data.eventStatus);
      });
    };
    attach();
  });
}

/** The `eventStatus` values the listener of {@link recordTcfEvents} has heard, in order. */
export async function eventStatuses(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __tcfEvents: string[] }).__tcfEvents]);
}

/** The banner's buttons, found as a user (or a screen reader) finds them: by role and exact name. */
export function banner(page: Page) {
  return {
    region: page.getByTestId('cmp-banner'),
    acceptAll: page.getByRole('button', { name: 'Accept all', exact: true }),
    rejectAll: page.getByRole('button', { name: 'Reject all', exact: true }),
    settings: page.getByTestId('cmp-settings'),
    save: page.getByTestId('cmp-save'),
    reopen: page.getByTestId('cmp-open-settings'),
  };
}

/** The purposes a TC data object consents to, ascending. */
export function consentedPurposes(data: TcData): number[] {
  return Object.entries(data.purpose.consents)
    .filter(([, on]) => on)
    .map(([id]) => Number(id))
    .sort((a, b) => a - b);
}

/** The `euconsent-v2` cookie of the page's context, or undefined. */
export async function consentCookie(page: Page): Promise<string | undefined> {
  return (await page.context().cookies()).find((c) => c.name === 'euconsent-v2')?.value;
}

/** Waits until the page's CMP answers `getTCData` with `tcString` (a page still loading counts as "not yet"). */
export async function expectTcString(page: Page, tcString: string): Promise<void> {
  await expect.poll(async () => (await getTcData(page).catch(() => null))?.tcString, { timeout: 15_000 }).toBe(tcString);
}

/** The signed-in user's `sub`, from the token-free session route. */
export async function sessionSub(page: Page): Promise<string> {
  const res = await page.request.get('/api/auth/session');
  expect(res.status(), 'signed in').toBe(200);
  return ((await res.json()) as { user: { sub: string } }).user.sub;
}

/** Waits until the page's bridge has synced with the Permission Center (its first read or write on this page is done). */
export async function expectSynced(page: Page): Promise<void> {
  await expect(page.getByTestId('site-footer')).toHaveAttribute('data-sync', /^(synced|injected)$/, { timeout: 15_000 });
}

/** Records, per page load, whether the banner was ever in the page (call before `goto`); read with {@link bannerSeen}. */
export async function recordBannerSightings(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cmpBannerSeen: boolean };
    w.__cmpBannerSeen = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="cmp-banner"]')) w.__cmpBannerSeen = true;
    }).observe(document, { childList: true, subtree: true });
  });
}

/** Whether the banner showed at any moment of the current page load (see {@link recordBannerSightings}). */
export async function bannerSeen(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __cmpBannerSeen: boolean }).__cmpBannerSeen);
}
