import { TCString } from '@iabtcf/core';

/** Longest TC string accepted; real ones are a few hundred characters, rarely a few thousand. */
export const MAX_TC_STRING_LENGTH = 8192;

const BASE64URL_SEGMENTS = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Outcome of {@link checkTcString}. */
export type TcStringCheck = { ok: true; cmpId: number; created: Date; lastUpdated: Date } | { ok: false; reason: string };

/**
 * Checks that a string is a syntactically valid IAB TCF v2 TC string (core segment plus
 * optional segments) by decoding it with the IAB's own library, `@iabtcf/core`.
 * It does not check vendors or purposes against a Global Vendor List.
 *
 * @example
 * ```ts
 * checkTcString('CP3tAUAP3tAUAACABBDEABCgAOAAAAAAAAYgF5wAQF5gAAAA') // { ok: true, cmpId: 2, … }
 * checkTcString('garbage') // { ok: false, reason: '…' }
 * ```
 */
export function checkTcString(value: string): TcStringCheck {
  if (value.length === 0) return { ok: false, reason: 'is empty' };
  if (value.length > MAX_TC_STRING_LENGTH) return { ok: false, reason: `is longer than ${MAX_TC_STRING_LENGTH} characters` };
  if (!BASE64URL_SEGMENTS.test(value)) return { ok: false, reason: 'is not a dot-separated base64url string' };
  try {
    const model = TCString.decode(value);
    if (model.version !== 2) return { ok: false, reason: 'is not a TCF v2 string' };
    const created = model.created;
    if (!(created instanceof Date) || Number.isNaN(created.getTime())) return { ok: false, reason: 'has no valid creation date' };
    const lastUpdated = model.lastUpdated;
    if (!(lastUpdated instanceof Date) || Number.isNaN(lastUpdated.getTime())) return { ok: false, reason: 'has no valid last-updated date' };
    return { ok: true, cmpId: model.cmpId as number, created, lastUpdated };
  } catch {
    // The decoder throws DecodingError, or a TypeError on some garbage; both mean "not a TC string".
    return { ok: false, reason: 'could not be decoded as an IAB TCF v2 TC string' };
  }
}

/** True when {@link checkTcString} accepts the value. */
export function isValidTcString(value: string): boolean {
  return checkTcString(value).ok;
}
