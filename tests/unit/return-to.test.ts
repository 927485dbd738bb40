import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '@/lib/auth';

const APP = 'https://app.example';

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/account', '/account'],
    ['/a/b?x=1&y=2#frag', '/a/b?x=1&y=2#frag'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
  ])('keeps same-origin path %s', (input, expected) => {
    expect(safeReturnTo(input, APP)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    'https://evil.example/',
    'http:evil.example',
    'javascript:alert(1)',
    'evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' /account',
    `/${'a'.repeat(3000)}`,
    decodeURIComponent('%2F%2Fevil.example'),
    decodeURIComponent('%2F%5Cevil.example'),
  ])('refuses %j', (input) => {
    expect(safeReturnTo(input, APP)).toBe('/');
  });
});
