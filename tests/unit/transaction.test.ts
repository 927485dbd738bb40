import { describe, expect, it, vi } from 'vitest';
import type { Transaction } from '@/lib/auth/transaction';
import { findTransaction, pruneTransactions, transactionCookie } from '../helpers/cookie-shims';
import { seal } from '@/lib/auth/session-seal';
import { testConfig } from '../helpers/config';

const config = testConfig();

function tx(state: string, overrides: Partial<Transaction> = {}): Transaction {
  return {
    state,
    nonce: 'nonce-1',
    codeVerifier: 'v'.repeat(43),
    flow: 'login',
    returnTo: '/after',
    issuer: config.issuer,
    createdAt: Math.floor(Date.now() / 1000),
    ...overrides,
  };
}

const pair = (c: string) => c.split(';')[0]!;

describe('transaction cookie', () => {
  it('is per state, HttpOnly, SameSite=Lax, at most 10 minutes', async () => {
    const c = await transactionCookie(tx('s1'), config);
    expect(c).toMatch(/^netid_tx\.s1=/);
    expect(c).toMatch(/HttpOnly/i);
    expect(c).toMatch(/SameSite=Lax/i);
    expect(Number(/Max-Age=(\d+)/i.exec(c)![1])).toBeLessThanOrEqual(600);
    expect(c).not.toContain('v'.repeat(43));
  });

  it('finds the transaction of its own state among parallel attempts (several tabs)', async () => {
    const header = [pair(await transactionCookie(tx('tab-a', { returnTo: '/a' }), config)), pair(await transactionCookie(tx('tab-b', { returnTo: '/b' }), config))].join('; ');
    const a = await findTransaction(header, 'tab-a', config);
    const b = await findTransaction(header, 'tab-b', config);
    expect(a.kind === 'found' && a.tx.returnTo).toBe('/a');
    expect(b.kind === 'found' && b.tx.returnTo).toBe('/b');
    expect(a.kind === 'found' && a.clear).toMatch(/^netid_tx\.tab-a=;.*Max-Age=0/i);
  });

  it('reports a state with no attempt as mismatch when others are pending, missing otherwise', async () => {
    const header = pair(await transactionCookie(tx('tab-a'), config));
    expect((await findTransaction(header, 'forged', config)).kind).toBe('mismatch');
    expect((await findTransaction('', 'forged', config)).kind).toBe('missing');
  });

  it('treats tampered, expired, cross-issuer and state-swapped cookies as missing', async () => {
    const c = pair(await transactionCookie(tx('s'), config));
    expect((await findTransaction(c.replace(/.{4}$/, 'AAAA'), 's', config)).kind).toBe('missing');
    const swapped = await seal({ ...tx('other') }, config.sessionPasswords, 600);
    expect((await findTransaction(`netid_tx.s=${swapped}`, 's', config)).kind).toBe('missing');
    const otherIssuer = await seal({ ...tx('s', { issuer: 'https://evil.example/' }) }, config.sessionPasswords, 600);
    expect((await findTransaction(`netid_tx.s=${otherIssuer}`, 's', config)).kind).toBe('missing');
  });

  it('expires after 10 minutes', async () => {
    const c = pair(await transactionCookie(tx('late'), config));
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 11 * 60_000);
      expect((await findTransaction(c, 'late', config)).kind).toBe('missing');
    } finally {
      vi.useRealTimers();
    }
  });

  it('prunes the oldest when too many attempts are pending', async () => {
    const many = await Promise.all(Array.from({ length: 6 }, (_, i) => transactionCookie(tx(`s${i}`), config)));
    const header = many.map(pair).join('; ');
    const pruned = await pruneTransactions(header, config, tx('s6'));
    expect(pruned.map((c) => c.split('=')[0])).toEqual(['netid_tx.s0']);
    expect(await pruneTransactions(many.slice(0, 2).map(pair).join('; '), config, tx('s6'))).toHaveLength(0);
  });
});
