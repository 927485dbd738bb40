import { describe, expect, it } from 'vitest';
import { checkTcString, isValidTcString } from '@/lib/permission-center';
import { parseWriteBody } from '@/lib/permission-center/internal';
import { TC_STRINGS } from '../helpers/permission-center';

describe('checkTcString', () => {
  it('accepts TCF v2 core strings and reports what it decoded', () => {
    const check = checkTcString(TC_STRINGS.a);
    expect(check).toMatchObject({ ok: true, cmpId: 300 });
    expect(isValidTcString(TC_STRINGS.b)).toBe(true);
  });

  it('accepts a core string followed by further segments', () => {
    // Core + publisher TC segment, encoded with @iabtcf/core.
    const withSegments = 'CQFP04AQFP04AEsABBDEBQCgAMAAAAAAAAYgAAAAAAAA.eAAAAAAAAAAA';
    expect(checkTcString(withSegments).ok).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['garbage', 'garbage'],
    ['a TCF v1 string', 'BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA'],
    ['a truncated string', TC_STRINGS.a.slice(0, 20)],
    ['non-base64url characters', `${TC_STRINGS.a}!`],
    ['an empty segment', `${TC_STRINGS.a}..x`],
    ['HTML', '<script>alert(1)</script>'],
    ['a very long string', 'C'.repeat(9000)],
  ])('refuses %s', (_name, value) => {
    const check = checkTcString(value);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).not.toContain(value.slice(0, 8) || '\u0000');
  });
});

describe('parseWriteBody', () => {
  it('accepts idconsent, a TC string, or both', () => {
    expect(parseWriteBody('{"idconsent":"VALID"}')).toEqual({ ok: true, value: { idconsent: 'VALID' } });
    expect(parseWriteBody(JSON.stringify({ idconsent: 'INVALID', iab_tc_string: TC_STRINGS.a }))).toEqual({
      ok: true,
      value: { idconsent: 'INVALID', iab_tc_string: TC_STRINGS.a },
    });
  });

  it.each([
    ['not JSON', '{idconsent:', 'invalid_json'],
    ['empty text', '', 'invalid_json'],
    ['an empty object', '{}', 'invalid_body'],
    ['an array', '[]', 'invalid_body'],
    ['null', 'null', 'invalid_body'],
    ['a lower-case status', '{"idconsent":"valid"}', 'invalid_body'],
    ['a boolean status', '{"idconsent":true}', 'invalid_body'],
    ['an unknown key', '{"idconsent":"VALID","datashare":"VALID"}', 'invalid_body'],
    ['the read-side key name', `{"iab_tcstring":"${TC_STRINGS.a}"}`, 'invalid_body'],
    ['a TC string that is a number', '{"iab_tc_string":5}', 'invalid_body'],
    ['a malformed TC string', '{"iab_tc_string":"garbage"}', 'invalid_tc_string'],
  ])('refuses %s', (_name, text, code) => {
    const result = parseWriteBody(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe(code);
  });
});
