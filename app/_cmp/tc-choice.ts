/**
 * The reference CMP's choices as IAB TCF v2.2 TC strings, encoded and decoded with the IAB's own
 * library (`@iabtcf/core`) against the Global Vendor List fixture next to this file: no network.
 */
import { GVL, TCModel, TCString, type VendorList } from '@iabtcf/core';
import vendorListJson from './vendor-list.json';

/**
 * The CMP ID the TC strings carry. A partner's CMP carries its IAB-assigned ID; this stand-in
 * uses the largest the 12-bit field holds, so its strings are easy to tell apart.
 */
export const CMP_ID = 4095;
/** Version of this CMP (a TC string field). */
export const CMP_VERSION = 1;
/** Country of the publisher (the example shop). */
const PUBLISHER_CC = 'DE';

/** What the user chose in the banner. */
export type Choice = { kind: 'all' } | { kind: 'none' } | { kind: 'purposes'; purposes: readonly number[] };

const vendorList = vendorListJson as unknown as VendorList;

/** The purpose IDs of the vendor list (1–11 in TCF v2.2), ascending. */
export const PURPOSE_IDS: readonly number[] = Object.keys(vendorList.purposes)
  .map(Number)
  .sort((a, b) => a - b);

/** Purposes some vendor declares a legitimate interest for (policy 4 allows none of 1 and 3–6). */
const LEGITIMATE_INTEREST_PURPOSES: readonly number[] = [
  ...new Set(Object.values(vendorList.vendors).flatMap((v) => v.legIntPurposes)),
].filter((p) => p === 2 || p >= 7);

/**
 * The vendor list, speaking `language`: the IAB's encoder takes the TC string's consent language
 * from the GVL, which would fetch a translation file to change it. The purposes' texts the banner
 * shows come from the app's dictionaries, so only the language code is needed here.
 */
class FixtureVendorList extends GVL {
  constructor(private readonly uiLanguage: string) {
    // GVL keeps the object it is given; a copy keeps the imported module's JSON untouched.
    super(structuredClone(vendorList));
  }
  override get language(): string {
    return this.uiLanguage;
  }
}

const vendorLists = new Map<string, GVL>();
function globalVendorList(language: string): GVL {
  const code = language.toUpperCase();
  let list = vendorLists.get(code);
  if (!list) vendorLists.set(code, (list = new FixtureVendorList(GVL.consentLanguages.has(code) ? code : 'EN')));
  return list;
}

/** Encodes `choice` as a service-specific TC string made now; `language` (`de`, `en`) is the banner's. */
export function encodeChoice(choice: Choice, language: string): string {
  const model = new TCModel(globalVendorList(language));
  model.cmpId = CMP_ID;
  model.cmpVersion = CMP_VERSION;
  model.isServiceSpecific = true;
  model.publisherCountryCode = PUBLISHER_CC;
  model.consentScreen = 1;
  if (choice.kind !== 'none') {
    const purposes = choice.kind === 'all' ? PURPOSE_IDS : choice.purposes.filter((p) => PURPOSE_IDS.includes(p));
    model.purposeConsents.set([...purposes]);
    model.purposeLegitimateInterests.set([...LEGITIMATE_INTEREST_PURPOSES]);
    model.setAllVendorConsents();
    model.setAllVendorLegitimateInterests();
    if (choice.kind === 'all') model.setAllSpecialFeatureOptins();
  }
  const now = new Date();
  model.created = now;
  model.lastUpdated = now;
  return TCString.encode(model);
}

/** A TC string this CMP can show: decoded, TCF v2, and the purposes it consents to. */
export interface KnownChoice {
  tcString: string;
  purposes: number[];
}

/** Decodes a stored or injected TC string; `null` when it is not a valid TCF v2 string. */
export function readChoice(tcString: string): KnownChoice | null {
  if (!tcString || tcString.length > 8192) return null;
  try {
    const model = TCString.decode(tcString);
    if (model.version !== 2) return null;
    const purposes = PURPOSE_IDS.filter((id) => model.purposeConsents.has(id));
    return { tcString, purposes };
  } catch {
    return null;
  }
}

/** The vendors' names, as the banner lists them. */
export const VENDOR_NAMES: readonly string[] = Object.values(vendorList.vendors).map((v) => v.name);

/** The TCF policy version of the vendor list (4 = TCF v2.2). */
export const TCF_POLICY_VERSION: number = vendorList.tcfPolicyVersion;
/** The vendor list's version. */
export const VENDOR_LIST_VERSION: number = vendorList.vendorListVersion;
