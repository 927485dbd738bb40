/**
 * One error code list per family, no code defined twice: a code string means one thing, so it
 * lives in exactly one family's list (sign-in, Permission Center, its route, M2M, configuration,
 * the shared `internal_error`). A second definition of, say, `token_request_failed` or
 * `config_invalid` in another family fails here.
 */
import { describe, expect, it } from 'vitest';
import { AUTH_ERROR_CODES } from '@/lib/auth/errors';
import { ConfigError, INTERNAL_ERROR_ANSWER } from '@/lib/errors';
import { M2M_ERROR_CODES } from '@/lib/m2m/errors';
import { ROUTE_ERROR_STATUS } from '@/lib/permission-center/internal';
import { PERMISSION_CENTER_ERROR_CODES } from '@/lib/permission-center/errors';

/** Every family's list of the codes it defines. */
function families(): Record<string, readonly string[]> {
  return {
    AuthError: AUTH_ERROR_CODES,
    PermissionCenterError: PERMISSION_CENTER_ERROR_CODES,
    '/api/permissions route': Object.keys(ROUTE_ERROR_STATUS),
    M2MError: M2M_ERROR_CODES,
    ConfigError: [new ConfigError([{ variable: 'X', message: 'is required' }]).code],
    'anything else': [INTERNAL_ERROR_ANSWER.error],
  };
}

/** `code -> families` for every code defined by more than one family. */
function definedTwice(lists: Record<string, readonly string[]>): Record<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const [family, codes] of Object.entries(lists)) for (const code of new Set(codes)) owners.set(code, [...(owners.get(code) ?? []), family]);
  return Object.fromEntries([...owners].filter(([, fams]) => fams.length > 1));
}

describe('error code families', () => {
  it('the check notices a code in two lists', () => {
    expect(definedTwice({ a: ['x', 'y'], b: ['y'], c: ['z'] })).toEqual({ y: ['a', 'b'] });
  });

  it('every family has codes (the lists are read, not empty)', () => {
    for (const [family, codes] of Object.entries(families())) expect(codes.length, family).toBeGreaterThan(0);
  });

  it('no code string is defined by two families', () => {
    expect(definedTwice(families())).toEqual({});
  });
});
