/**
 * The JSON-and-schema step both Permission Center POST bodies share (`/api/permissions` and
 * `/api/permissions/tcf`): parse, validate with a strict zod object, and word the first problem
 * without echoing any value.
 *
 * @module
 */
import type { z } from 'zod';

/** Stable codes of a rejected Permission Center POST body. */
export type WriteBodyErrorCode = 'invalid_json' | 'invalid_body' | 'invalid_tc_string';

/** A body that failed parsing or validation. */
export type BodyRejection = { ok: false; code: WriteBodyErrorCode; message: string };

/**
 * Parses `text` as JSON and validates it with `schema`. `unknownKeysMessage` answers a body with
 * fields the schema does not know; any other problem is worded by the schema's first issue.
 */
export function parseJsonBody<T>(text: string, schema: z.ZodType<T>, unknownKeysMessage: string): { ok: true; data: T } | BodyRejection {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, code: 'invalid_json', message: 'The request body is not valid JSON.' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = issue?.code === 'unrecognized_keys' ? unknownKeysMessage : (issue?.message ?? 'Invalid request body.');
    return { ok: false, code: 'invalid_body', message };
  }
  return { ok: true, data: parsed.data };
}
