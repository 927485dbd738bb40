/**
 * docs/errors.md is the one list of error codes: every code of a family's message table is
 * documented with the status our routes answer it with, and nothing else is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AuthError } from '@/lib/auth';
import { AUTH_ERROR_CODES } from '@/lib/auth/errors';
import { ConfigError } from '@/lib/errors';
import { errorAnswer } from '@/lib/http';
import { M2MError } from '@/lib/m2m';
import { M2M_ERROR_CODES } from '@/lib/m2m/errors';
import { PermissionCenterError } from '@/lib/permission-center';
import { ROUTE_ERROR_STATUS } from '@/lib/permission-center/internal';
import { PERMISSION_CENTER_ERROR_CODES } from '@/lib/permission-center/errors';

type Row = string[];

/** The rows (cells without backticks) of the first table under each `#`-heading, keyed by heading text. */
function tablesByHeading(markdown: string): Map<string, Row[]> {
  const tables = new Map<string, Row[]>();
  let heading: string | undefined;
  let rows: Row[] | undefined;
  for (const line of markdown.split('\n')) {
    const h = /^#{2,6}\s+(.*)$/.exec(line);
    if (h) {
      heading = h[1]!.trim();
      rows = undefined;
      continue;
    }
    if (!heading || !line.startsWith('|')) {
      if (rows && !tables.has(heading!)) tables.set(heading!, rows);
      rows = undefined;
      continue;
    }
    const cells = line.replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/^`(.*)`$/, '$1'));
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue; // separator
    if (!rows) {
      rows = []; // this line is the header
      continue;
    }
    rows.push(cells);
  }
  if (heading && rows && !tables.has(heading)) tables.set(heading, rows);
  return tables;
}

const doc = tablesByHeading(readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8'));

function table(heading: string): Row[] {
  const rows = doc.get(heading);
  expect(rows, `docs/errors.md has no table under "## ${heading}"`).toBeDefined();
  return rows!;
}

function expectSameCodes(family: string, rows: Row[], codes: readonly string[]): void {
  const documented = rows.map((r) => r[0]!);
  const missing = codes.filter((c) => !documented.includes(c));
  const unknown = documented.filter((c) => !codes.includes(c));
  expect(missing, `${family} codes missing from docs/errors.md`).toEqual([]);
  expect(unknown, `docs/errors.md lists ${family} codes that do not exist`).toEqual([]);
  expect(new Set(documented).size, `${family} codes listed twice`).toBe(documented.length);
}

describe('docs/errors.md', () => {
  it('the parser reads the tables (and would notice a missing one)', () => {
    expect(tablesByHeading('## A\n\n| code | status |\n|---|---|\n| `x` | 1 |\n| y | 2 |\n\n## B\ntext\n')).toEqual(new Map([['A', [['x', '1'], ['y', '2']]]]));
    expect(doc.size).toBeGreaterThanOrEqual(6);
  });

  it('sign-in: every AuthErrorCode, nothing else, with its route status', () => {
    const rows = table('Sign-in: `AuthError`');
    expectSameCodes('AuthError', rows, AUTH_ERROR_CODES);
    for (const [code, status, meaning] of rows) {
      expect(Number(status), code).toBe(new AuthError(code as (typeof AUTH_ERROR_CODES)[number]).httpAnswer().status);
      expect(meaning, code).toBeTruthy();
    }
  });

  it('Permission Center: every PermissionCenterErrorCode with the route code and status that answer it', () => {
    const rows = table('Permission Center: `PermissionCenterError`');
    expectSameCodes('PermissionCenterError', rows, PERMISSION_CENTER_ERROR_CODES);
    for (const [code, answeredAs, status, meaning] of rows) {
      const answer = new PermissionCenterError(code as (typeof PERMISSION_CENTER_ERROR_CODES)[number]).httpAnswer();
      expect([answeredAs, Number(status)], code).toEqual([answer.error, answer.status]);
      expect(meaning, code).toBeTruthy();
    }
  });

  it('/api/permissions: every route code with its status', () => {
    const rows = table('`/api/permissions` route codes');
    expectSameCodes('/api/permissions route', rows, Object.keys(ROUTE_ERROR_STATUS));
    for (const [code, status] of rows) expect(Number(status), code).toBe(ROUTE_ERROR_STATUS[code as keyof typeof ROUTE_ERROR_STATUS]);
  });

  it('M2M: every M2MErrorCode with its route status', () => {
    const rows = table('Machine-to-machine: `M2MError`');
    expectSameCodes('M2MError', rows, M2M_ERROR_CODES);
    for (const [code, status] of rows) expect(Number(status), code).toBe(new M2MError(code as (typeof M2M_ERROR_CODES)[number]).httpAnswer().status);
  });

  it('configuration and anything else', () => {
    const config = new ConfigError([{ variable: 'X', message: 'is required' }]).httpAnswer();
    expect(table('Configuration: `ConfigError`').map((r) => [r[0], Number(r[1])])).toEqual([[config.error, config.status]]);
    const other = errorAnswer(new Error('boom'));
    expect(table('Anything else').map((r) => [r[0], Number(r[1])])).toEqual([[other.error, other.status]]);
  });
});
