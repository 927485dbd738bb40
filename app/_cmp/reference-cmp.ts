/**
 * The reference app's consent management platform, standing in for a partner's: the IAB's
 * `@iabtcf/cmpapi` answers `window.__tcfapi` (TCF v2.2), this class decides what it answers and
 * when the banner shows. One per page (the IAB's API is a page singleton): {@link referenceCmp}.
 */
import { CmpApi, type Ping } from '@iabtcf/cmpapi';
import { readConsentCookie, writeConsentCookie } from './consent-cookie';
import { CMP_ID, CMP_VERSION, encodeChoice, readChoice, TCF_POLICY_VERSION, VENDOR_LIST_VERSION, type Choice } from './tc-choice';

/** What the banner shows: nothing, the first layer (three buttons), or the purpose settings. */
export type BannerView = 'hidden' | 'banner' | 'settings';

/** The CMP's state as the banner renders it. */
export interface CmpState {
  view: BannerView;
  /** The TC string in force, or `null` before any choice. */
  tcString: string | null;
  /** Purposes the choice in force consents to (to pre-fill the settings). */
  purposes: readonly number[];
}

/** Thrown by {@link ReferenceCmp.inject} for a value that is not a TCF v2 TC string. */
export class InvalidTcStringError extends Error {
  readonly code = 'invalid_tc_string';
  constructor() {
    super('Not an IAB TCF v2 TC string.');
    this.name = 'InvalidTcStringError';
  }
}

const HIDDEN_SERVER_STATE: CmpState = Object.freeze({ view: 'hidden', tcString: null, purposes: [] });

/** The reference CMP: the choice, the `__tcfapi` answers and the banner's state. */
export class ReferenceCmp {
  private readonly api: CmpApi;
  private state: CmpState;
  private readonly listeners = new Set<() => void>();

  /** Installs `window.__tcfapi` and loads the choice kept on this device, if any. */
  constructor(private readonly language: string) {
    this.api = new CmpApi(CMP_ID, CMP_VERSION, true, {
      // The IAB's API (1.5) answers ping with apiVersion "2"; this CMP implements TCF v2.2.
      ping: (callback: (ping: Ping, success: boolean) => void, ping: Ping) =>
        callback({ ...ping, apiVersion: '2.2', gvlVersion: VENDOR_LIST_VERSION, tcfPolicyVersion: TCF_POLICY_VERSION } as Ping, true),
      // Before any choice (TC string "") the IAB's API reports policy version 2 (an empty TCModel has no
      // vendor list); the policy is the vendor list's. Also serves addEventListener (the IAB's API routes
      // it here); removeEventListener's answer is a boolean and passes through.
      getTCData: (next: (data: unknown, success: boolean) => void, data: unknown, success: boolean) => {
        if (data && typeof data === 'object' && (data as { tcString?: unknown }).tcString === '')
          Object.assign(data, { tcfPolicyVersion: TCF_POLICY_VERSION });
        next(data, success);
      },
    });
    const known = readChoice(readConsentCookie() ?? '');
    if (known) {
      this.state = { view: 'hidden', tcString: known.tcString, purposes: known.purposes };
      // TCF: a valid stored TC string and no UI → eventStatus "tcloaded".
      this.api.update(known.tcString, false);
    } else {
      this.state = { view: 'banner', tcString: null, purposes: [] };
      // gdprApplies, no TC string yet, UI shown → "cmpuishown".
      this.api.update('', true);
    }
  }

  /** The current state (stable object between changes, for `useSyncExternalStore`). */
  getState = (): CmpState => this.state;

  /** What the server renders: no banner (the choice lives in the browser). */
  static serverState = (): CmpState => HIDDEN_SERVER_STATE;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The user accepted all purposes and vendors. */
  acceptAll(): void {
    this.choose({ kind: 'all' });
  }

  /** The user rejected all purposes and vendors (and objected to legitimate interest). */
  rejectAll(): void {
    this.choose({ kind: 'none' });
  }

  /** The user saved their purpose settings. */
  savePurposes(purposes: readonly number[]): void {
    this.choose({ kind: 'purposes', purposes });
  }

  /** Shows the banner's purpose settings again (the footer link); `__tcfapi` says "cmpuishown". */
  openSettings(): void {
    this.set({ ...this.state, view: 'settings' });
    this.api.update(this.state.tcString ?? '', true);
  }

  /**
   * Takes a TC string from elsewhere (the netID bridge brings the user's choice from another
   * device): keeps it on this device, hides the banner, and tells `__tcfapi` listeners with
   * `eventStatus` "useractioncomplete" (the TCF's status for choices the user confirmed; the page
   * already had its "tcloaded" or "cmpuishown"). The same string again changes nothing.
   * Throws {@link InvalidTcStringError} for anything that is not a TCF v2 TC string.
   */
  inject(tcString: string): void {
    const known = readChoice(tcString);
    if (!known) throw new InvalidTcStringError();
    if (known.tcString === this.state.tcString && this.state.view === 'hidden') return;
    this.record(known.tcString, known.purposes);
  }

  private choose(choice: Choice): void {
    const tcString = encodeChoice(choice, this.language);
    const known = readChoice(tcString);
    this.record(tcString, known?.purposes ?? []);
  }

  private record(tcString: string, purposes: readonly number[]): void {
    writeConsentCookie(tcString);
    this.set({ view: 'hidden', tcString, purposes });
    // After "tcloaded" or "cmpuishown", the IAB's API reports this update as "useractioncomplete".
    this.api.update(tcString, false);
  }

  private set(state: CmpState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

let instance: ReferenceCmp | undefined;

/** The page's one CMP, created on first use (browser only). */
export function referenceCmp(language: string): ReferenceCmp {
  instance ??= new ReferenceCmp(language);
  return instance;
}
