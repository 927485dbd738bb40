import { z } from 'zod';
import type { IdConsentStatus } from './schemas';
import { parseJsonBody, type BodyRejection } from './json-body';
import { checkTcString, MAX_TC_STRING_LENGTH } from './tc-string';

/** A validated `POST /api/permissions/tcf` body. */
export interface TcfSyncBody {
  /** The CMP's TC string, with its decoded `lastUpdated`. */
  tc?: { tcString: string; lastUpdated: Date; decidedAt?: number };
  /** ID consent as the partner's own mapping says (never derived from the TC string here). */
  idconsent?: IdConsentStatus;
}

/** Outcome of {@link parseTcfSyncBody}. */
export type TcfSyncBodyResult = { ok: true; value: TcfSyncBody } | BodyRejection;

/** A TC string dated more than this far ahead is refused: it would win every later comparison. */
const MAX_FUTURE_MS = 36 * 60 * 60 * 1000;

const schema = z.strictObject({
  tc_string: z.string({ error: 'tc_string must be a string' }).max(MAX_TC_STRING_LENGTH).optional(),
  decided_ms_ago: z.number({ error: 'decided_ms_ago must be a number' }).int().nonnegative().optional(),
  idconsent: z.enum(['VALID', 'INVALID'], { error: 'idconsent must be "VALID" or "INVALID"' }).optional(),
});

/**
 * Validates the JSON text of a `POST /api/permissions/tcf` body: `{ tc_string?, decided_ms_ago?, idconsent? }`.
 * The TC string must decode as TCF v2 (`@iabtcf/core`) and not be dated in the future; `decided_ms_ago`
 * (how long ago the user chose, measured on the browser's clock) becomes the moment of the choice on
 * this server's clock, so a skewed browser clock does not matter. Messages never echo values.
 */
export function parseTcfSyncBody(text: string, now = Date.now()): TcfSyncBodyResult {
  const parsed = parseJsonBody(text, schema, 'Only tc_string, decided_ms_ago and idconsent may be set.');
  if (!parsed.ok) return parsed;
  const { tc_string, decided_ms_ago, idconsent } = parsed.data;
  const value: TcfSyncBody = {};
  if (idconsent !== undefined) value.idconsent = idconsent;
  if (tc_string !== undefined) {
    const check = checkTcString(tc_string);
    if (!check.ok) return { ok: false, code: 'invalid_tc_string', message: `tc_string ${check.reason}.` };
    if (check.lastUpdated.getTime() > now + MAX_FUTURE_MS) return { ok: false, code: 'invalid_tc_string', message: 'tc_string is dated in the future.' };
    value.tc = { tcString: tc_string, lastUpdated: check.lastUpdated };
    if (decided_ms_ago !== undefined) value.tc.decidedAt = now - decided_ms_ago;
  }
  return { ok: true, value };
}
