/**
 * TC strings made to order for the CMP bridge tests: a TCF v2 core segment with a chosen
 * `lastUpdated` and purposes, encoded with @iabtcf/core (the core segment alone needs no GVL).
 *
 * @module
 */
import { Segment, SegmentEncoder, TCModel } from '@iabtcf/core';

/** A valid service-specific core TC string (CMP 300) updated at `lastUpdated` with consent to `purposes`. */
export function tcString(lastUpdated: Date | string, purposes: number[] = [1]): string {
  const m = new TCModel();
  m.cmpId = 300;
  m.cmpVersion = 1;
  m.isServiceSpecific = true;
  m.consentScreen = 1;
  m.consentLanguage = 'DE';
  m.created = new Date(Date.UTC(2026, 0, 1));
  m.lastUpdated = new Date(lastUpdated);
  m.purposeConsents.set(purposes);
  return SegmentEncoder.encode(m, Segment.CORE);
}
