import { z } from 'zod';
import type { AuthConfig } from './config';
import { cookieOptions, deleteCookie, MAX_COOKIE_VALUE, readCookies, setCookie, transactionCookiePrefix } from './cookies';
import { isFlow, type Flow } from './flows';
import { seal, unseal } from './session-seal';

/** Lifetime of a sign-in attempt (seconds). */
export const TRANSACTION_TTL = 600;
/** More pending attempts than this and older ones are dropped, keeping the Cookie header small. */
const MAX_PENDING = 6;

/** What we remember between the redirect to the broker and its callback. */
export interface Transaction {
  state: string;
  nonce: string | undefined;
  codeVerifier: string;
  flow: Flow;
  returnTo: string;
  issuer: string;
  createdAt: number;
}

const transactionSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1).optional(),
  codeVerifier: z.string().min(43),
  flow: z.string().refine(isFlow),
  returnTo: z.string().startsWith('/'),
  issuer: z.string(),
  createdAt: z.number(),
});

/** Seals a transaction into the Set-Cookie value for its own per-state cookie. */
export async function transactionCookie(tx: Transaction, config: AuthConfig): Promise<string> {
  const value = await seal({ ...tx }, config.sessionPasswords, TRANSACTION_TTL);
  return setCookie(`${transactionCookiePrefix(config)}${tx.state}`, value, cookieOptions(config, TRANSACTION_TTL));
}

/** Set-Cookie values that drop older pending attempts when there are too many. */
export function pruneTransactions(cookieHeader: string | null, config: AuthConfig): string[] {
  const names = pendingTransactionNames(cookieHeader, config);
  return names.length >= MAX_PENDING ? names.map((n) => deleteCookie(n, config)) : [];
}

function pendingTransactionNames(cookieHeader: string | null, config: AuthConfig): string[] {
  const prefix = transactionCookiePrefix(config);
  return Object.keys(readCookies(cookieHeader)).filter((n) => n.startsWith(prefix));
}

/** The result of looking up the transaction for a callback's `state`. */
export type TransactionLookup =
  | { kind: 'found'; tx: Transaction; clear: string }
  | { kind: 'missing'; clear?: string }
  | { kind: 'mismatch' };

/**
 * Finds and unseals the transaction for `state`. `missing` when no attempt is pending
 * (or it expired / was tampered with); `mismatch` when attempts are pending but none for this state.
 */
export async function findTransaction(
  cookieHeader: string | null,
  state: string,
  config: AuthConfig,
): Promise<TransactionLookup> {
  const name = `${transactionCookiePrefix(config)}${state}`;
  const value = readCookies(cookieHeader)[name];
  if (value === undefined) {
    return pendingTransactionNames(cookieHeader, config).length > 0 ? { kind: 'mismatch' } : { kind: 'missing' };
  }
  const clear = deleteCookie(name, config);
  if (value.length > MAX_COOKIE_VALUE) return { kind: 'missing', clear };
  const data = await unseal(value, config.sessionPasswords, TRANSACTION_TTL);
  const parsed = transactionSchema.safeParse(data);
  if (!parsed.success || parsed.data.state !== state || parsed.data.issuer !== config.issuer) return { kind: 'missing', clear };
  return { kind: 'found', tx: parsed.data as Transaction, clear };
}
