/** Write-if-newer of the CMP bridge's route, and its body parser, without a server. */
import { describe, expect, it } from 'vitest';
import { decideTcWrite, storedTcString } from '@/lib/permission-center/tcf-sync-decision';
import { parseTcfSyncBody } from '@/lib/permission-center/tcf-sync-body';
import { tcString } from '../helpers/tc-strings';

const MARCH = tcString('2026-03-01T00:00:00Z');
const APRIL = tcString('2026-04-01T00:00:00Z', [1, 2]);
const APRIL_B = tcString('2026-04-01T00:00:00Z', [3]);
const stored = (value: string, changedAt = '2026-04-01T12:00:00.000Z') => storedTcString({ iab_tcstring: { value, changed_at: changedAt } });

describe('decideTcWrite', () => {
  it('nothing stored, or what is stored does not decode: write', () => {
    expect(storedTcString({})).toBeNull();
    expect(stored('garbage')).toBeNull();
    expect(decideTcWrite(null, { tcString: MARCH, lastUpdated: new Date('2026-03-01T00:00:00Z') })).toEqual({ write: true });
  });

  it('the later lastUpdated wins; the same string is unchanged', () => {
    expect(stored(MARCH)).toMatchObject({ last_updated: '2026-03-01T00:00:00.000Z' });
    expect(decideTcWrite(stored(MARCH), { tcString: APRIL, lastUpdated: new Date('2026-04-01T00:00:00Z') })).toEqual({ write: true });
    expect(decideTcWrite(stored(APRIL), { tcString: MARCH, lastUpdated: new Date('2026-03-01T00:00:00Z'), decidedAt: Date.now() })).toEqual({ write: false, result: 'stored_is_newer' });
    expect(decideTcWrite(stored(APRIL), { tcString: APRIL, lastUpdated: new Date('2026-04-01T00:00:00Z') })).toEqual({ write: false, result: 'unchanged' });
  });

  it('a tie goes to a user action later than the stored change, never to a copy without one', () => {
    const tie = { tcString: APRIL_B, lastUpdated: new Date('2026-04-01T00:00:00Z') };
    expect(decideTcWrite(stored(APRIL), tie)).toEqual({ write: false, result: 'stored_is_newer' });
    expect(decideTcWrite(stored(APRIL), { ...tie, decidedAt: Date.parse('2026-04-01T11:59:59Z') })).toEqual({ write: false, result: 'stored_is_newer' });
    expect(decideTcWrite(stored(APRIL), { ...tie, decidedAt: Date.parse('2026-04-01T12:00:01Z') })).toEqual({ write: true });
  });
});

describe('parseTcfSyncBody', () => {
  const now = Date.parse('2026-04-02T00:00:00Z');
  it('dates the choice on the server clock from decided_ms_ago', () => {
    const r = parseTcfSyncBody(JSON.stringify({ tc_string: APRIL, decided_ms_ago: 5000, idconsent: 'VALID' }), now);
    expect(r).toEqual({ ok: true, value: { tc: { tcString: APRIL, lastUpdated: new Date('2026-04-01T00:00:00Z'), decidedAt: now - 5000 }, idconsent: 'VALID' } });
    expect(parseTcfSyncBody('{}', now)).toEqual({ ok: true, value: {} });
  });

  it.each([
    ['{', 'invalid_json'],
    ['{"tc_string":1}', 'invalid_body'],
    ['{"decided_ms_ago":1.5}', 'invalid_body'],
    ['{"idconsent":"yes"}', 'invalid_body'],
    ['{"other":1}', 'invalid_body'],
    ['{"tc_string":"garbage"}', 'invalid_tc_string'],
    [JSON.stringify({ tc_string: tcString('2026-04-04T00:00:00Z') }), 'invalid_tc_string'],
  ])('%s → %s', (text, code) => {
    expect(parseTcfSyncBody(text, now)).toMatchObject({ ok: false, code });
  });
});
