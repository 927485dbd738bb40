/**
 * The slice of the IAB TCF v2.2 CMP API (`window.__tcfapi`) that the bridge uses: no vendor's types,
 * no dependency; any TCF v2.2 CMP provides it.
 *
 * @module
 */

/** `eventStatus` of a TCData object: the TC string was loaded, the CMP shows its UI, or the user chose. */
export type TcfEventStatus = 'tcloaded' | 'cmpuishown' | 'useractioncomplete';

/** What the bridge reads of a TCF v2.2 `TCData` object (every other field is ignored). */
export interface TcData {
  /** The encoded TC string; empty while the user has not chosen. */
  tcString: string;
  eventStatus?: TcfEventStatus | string;
  listenerId?: number;
  purpose?: { consents?: Record<string, boolean | undefined> };
  vendor?: { consents?: Record<string, boolean | undefined> };
  publisher?: { customPurpose?: { consents?: Record<string, boolean | undefined> } };
}

/** The `__tcfapi` function of a TCF v2.2 CMP. */
export type TcfApi = (command: string, version: number, callback: (data: never, success: boolean) => void, parameter?: unknown) => void;

/** netID's ID consent as the Permission Center stores it. */
export type IdConsent = 'VALID' | 'INVALID';

/**
 * Maps the partner's own netID consent signal in the CMP to `idconsent` (called on the user's
 * choices only, `useractioncomplete`). `undefined` leaves ID consent as it is.
 */
export type IdConsentMapping = (tcData: TcData) => IdConsent | undefined;

/**
 * ID consent from a custom purpose of the partner's CMP (the publisher TC segment): `VALID` when
 * the user consented to purpose `id`, `INVALID` when not.
 *
 * @example
 * ```ts
 * import { startConsentSync } from 'netid-rp/cmp'
 * startConsentSync({ idConsent: customPurposeSignal(1) })
 * ```
 */
export function customPurposeSignal(id: number): IdConsentMapping {
  return (tc) => (tc.publisher?.customPurpose?.consents?.[id] === true ? 'VALID' : 'INVALID');
}

/**
 * ID consent from the consent to one vendor of the partner's CMP (e.g. netID's own vendor entry):
 * `VALID` when the user consented to vendor `id`, `INVALID` when not.
 *
 * @example
 * ```ts
 * import { startConsentSync } from 'netid-rp/cmp'
 * startConsentSync({ idConsent: vendorSignal(1234) })
 * ```
 */
export function vendorSignal(id: number): IdConsentMapping {
  return (tc) => (tc.vendor?.consents?.[id] === true ? 'VALID' : 'INVALID');
}
