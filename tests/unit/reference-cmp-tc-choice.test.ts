/**
 * The reference CMP's TC strings (app/_cmp/tc-choice.ts): what each banner choice encodes, read
 * back with the IAB's decoder, and what the CMP accepts as a stored or injected string.
 */
import { TCString } from '@iabtcf/core';
import { describe, expect, it } from 'vitest';
import { CMP_ID, encodeChoice, PURPOSE_IDS, readChoice } from '@/app/_cmp/tc-choice';
import vendorList from '@/app/_cmp/vendor-list.json';

const decode = (tc: string) => TCString.decode(tc);
const ids = (vector: { forEach(cb: (value: boolean, id: number) => void): void }) => {
  const on: number[] = [];
  vector.forEach((value, id) => value && on.push(id));
  return on;
};

describe('encodeChoice', () => {
  it('Accept all: every purpose and vendor, special features, service-specific, TCF v2.2 policy, this CMP', () => {
    const model = decode(encodeChoice({ kind: 'all' }, 'en'));
    expect(ids(model.purposeConsents)).toEqual(PURPOSE_IDS);
    expect(PURPOSE_IDS).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(ids(model.vendorConsents)).toEqual(Object.keys(vendorList.vendors).map(Number));
    expect(ids(model.specialFeatureOptins)).toEqual([1, 2]);
    // Legitimate interest only where TCF v2.2 allows it (never purposes 1 and 3–6).
    expect(ids(model.purposeLegitimateInterests).filter((p) => p === 1 || (p >= 3 && p <= 6))).toEqual([]);
    expect(model).toMatchObject({ cmpId: CMP_ID, isServiceSpecific: true, policyVersion: 4, version: 2, consentLanguage: 'EN', publisherCountryCode: 'DE' });
  });

  it('Reject all: nothing consented, no legitimate interest, no vendor', () => {
    const model = decode(encodeChoice({ kind: 'none' }, 'de'));
    expect(ids(model.purposeConsents)).toEqual([]);
    expect(ids(model.purposeLegitimateInterests)).toEqual([]);
    expect(ids(model.vendorConsents)).toEqual([]);
    expect(ids(model.vendorLegitimateInterests)).toEqual([]);
    expect(ids(model.specialFeatureOptins)).toEqual([]);
    expect(model.consentLanguage).toBe('DE');
  });

  it('purpose settings: exactly the chosen purposes (unknown ids dropped), no special feature', () => {
    const tc = encodeChoice({ kind: 'purposes', purposes: [8, 1, 99] }, 'en');
    expect(ids(decode(tc).purposeConsents)).toEqual([1, 8]);
    expect(ids(decode(tc).specialFeatureOptins)).toEqual([]);
    expect(readChoice(tc)).toEqual({ tcString: tc, purposes: [1, 8] });
  });
});

describe('readChoice', () => {
  it('refuses what is not a TCF v2 TC string', () => {
    expect(readChoice('')).toBeNull();
    expect(readChoice('not-a-tc-string')).toBeNull();
    expect(readChoice('A'.repeat(9000))).toBeNull();
    // A TCF v1 consent string.
    expect(readChoice('BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA')).toBeNull();
  });

  it("accepts another CMP's valid v2 string (a choice synced from elsewhere)", () => {
    const other = 'CQFP04AQFP04AEsABBDEBQCgAPAAAAAAAAYgF5wAQF5gAAAA';
    expect(readChoice(other)?.tcString).toBe(other);
  });
});
