import { z } from 'zod';
import type { PermissionsWrite } from './schemas';
import { parseJsonBody, type BodyRejection } from './json-body';
import { checkTcString, MAX_TC_STRING_LENGTH } from './tc-string';

export type { WriteBodyErrorCode } from './json-body';

/** Outcome of {@link parseWriteBody}. */
export type WriteBodyResult =
  | { ok: true; value: PermissionsWrite }
  | BodyRejection;

const schema = z
  .strictObject({
    idconsent: z.enum(['VALID', 'INVALID'], { error: 'idconsent must be "VALID" or "INVALID"' }).optional(),
    iab_tc_string: z.string({ error: 'iab_tc_string must be a string' }).max(MAX_TC_STRING_LENGTH).optional(),
  })
  .refine((b) => b.idconsent !== undefined || b.iab_tc_string !== undefined, {
    error: 'Set at least one of idconsent and iab_tc_string.',
  });

/**
 * Validates the JSON text of a `POST /api/permissions` body: an object with at least one of
 * `idconsent` (`VALID` | `INVALID`) and `iab_tc_string` (a TCF v2 TC string, decoded with
 * `@iabtcf/core`), nothing else. Messages name fields, never echo values.
 *
 * @example
 * ```ts
 * parseWriteBody('{"idconsent":"VALID"}') // { ok: true, value: { idconsent: 'VALID' } }
 * parseWriteBody('{}')                    // { ok: false, code: 'invalid_body', … }
 * ```
 */
export function parseWriteBody(text: string): WriteBodyResult {
  const parsed = parseJsonBody(text, schema, 'Only idconsent and iab_tc_string may be set.');
  if (!parsed.ok) return parsed;
  const value: PermissionsWrite = {};
  if (parsed.data.idconsent !== undefined) value.idconsent = parsed.data.idconsent;
  if (parsed.data.iab_tc_string !== undefined) {
    const check = checkTcString(parsed.data.iab_tc_string);
    if (!check.ok) return { ok: false, code: 'invalid_tc_string', message: `iab_tc_string ${check.reason}.` };
    value.iab_tc_string = parsed.data.iab_tc_string;
  }
  return { ok: true, value };
}
