import { z } from 'zod';
import type { PermissionsWrite } from './schemas';
import { checkTcString, MAX_TC_STRING_LENGTH } from './tc-string';

/** Stable codes of a rejected `POST /api/permissions` body. */
export type WriteBodyErrorCode = 'invalid_json' | 'invalid_body' | 'invalid_tc_string';

/** Outcome of {@link parseWriteBody}. */
export type WriteBodyResult =
  | { ok: true; value: PermissionsWrite }
  | { ok: false; code: WriteBodyErrorCode; message: string };

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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: 'invalid_json', message: 'The request body is not valid JSON.' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const unknownKey = issue?.code === 'unrecognized_keys';
    return {
      ok: false,
      code: 'invalid_body',
      message: unknownKey ? 'Only idconsent and iab_tc_string may be set.' : (issue?.message ?? 'Invalid request body.'),
    };
  }
  const value: PermissionsWrite = {};
  if (parsed.data.idconsent !== undefined) value.idconsent = parsed.data.idconsent;
  if (parsed.data.iab_tc_string !== undefined) {
    const check = checkTcString(parsed.data.iab_tc_string);
    if (!check.ok) return { ok: false, code: 'invalid_tc_string', message: `iab_tc_string ${check.reason}.` };
    value.iab_tc_string = parsed.data.iab_tc_string;
  }
  return { ok: true, value };
}
