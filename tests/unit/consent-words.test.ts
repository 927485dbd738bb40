import { describe, expect, it } from 'vitest';
import { de } from '../../app/_i18n/de';
import { en } from '../../app/_i18n/en';
import { isConsentIntent } from '../../app/consent/consent-api';
import { choiceOf, errorText, formatDate } from '../../app/consent/consent-words';
import type { NetIdUserStatus } from '../../lib/permission-center';

const ids = { tpid: null, sync_id: null, etpid: null };

describe('choiceOf', () => {
  it('PERMISSIONS_NOT_FOUND and a status without ID consent are "not decided yet"', () => {
    expect(choiceOf({ status_code: 'PERMISSIONS_NOT_FOUND', subject_identifiers: ids, netid_privacy_settings: {} })).toEqual({ state: 'undecided' });
    const tcOnly: NetIdUserStatus = {
      status_code: 'PERMISSIONS_FOUND',
      subject_identifiers: ids,
      netid_privacy_settings: { iab_tcstring: { value: 'x', changed_at: '2026-01-01T00:00:00Z' } },
    };
    expect(choiceOf(tcOnly)).toEqual({ state: 'undecided' });
  });

  it('VALID is granted and INVALID revoked, with the date of the change', () => {
    const at = '2026-05-01T10:00:00Z';
    const status = (s: 'VALID' | 'INVALID'): NetIdUserStatus => ({
      status_code: 'PERMISSIONS_FOUND',
      subject_identifiers: ids,
      netid_privacy_settings: { idconsent: { status: s, changed_at: at } },
    });
    expect(choiceOf(status('VALID'))).toEqual({ state: 'granted', changedAt: at });
    expect(choiceOf(status('INVALID'))).toEqual({ state: 'revoked', changedAt: at });
  });
});

describe('formatDate', () => {
  it('writes the date in the user language and passes an unreadable value through', () => {
    expect(formatDate('2026-05-01T10:00:00Z', 'en')).toMatch(/^1 May 2026/);
    expect(formatDate('2026-05-01T10:00:00Z', 'de')).toMatch(/^1\. Mai 2026/);
    expect(formatDate('soon', 'en')).toBe('soon');
  });
});

describe('errorText', () => {
  it('explains token and account problems, groups outages, and never shows the raw code', () => {
    expect(errorText('permission_token_expired', en.consent)).toBe(en.consent.errors.permission_token_expired);
    expect(errorText('permission_center_timeout', de.consent)).toBe(de.consent.errors.unavailable);
    expect(errorText('something_new', en.consent)).toBe(en.consent.errors.generic);
  });
});

describe('isConsentIntent', () => {
  it('accepts grant and revoke only', () => {
    expect(['grant', 'revoke', 'GRANT', '', undefined, ['grant']].map(isConsentIntent)).toEqual([true, true, false, false, false, false]);
  });
});
