import { z } from 'zod';
import type { AuthConfig } from './types';
import type { CookieStore } from './cookie-store';
import { COOKIES, cookieOptions, deleteCookie, MAX_COOKIE_VALUE, transactionCookiePrefix } from './cookies';
import { isFlow, type Flow } from './flows';
import { seal, unseal } from './session-seal';

/** Lifetime of a sign-in attempt (seconds). */
export const TRANSACTION_TTL = COOKIES.transaction.maxAge;
/**
 * Most pending attempts a browser keeps (tabs, repeated clicks on "Sign in"): a new attempt drops
 * the oldest beyond this, so the Cookie header never grows past what proxies accept (the
 * "infinitely stacking cookies" bug nextjs-auth0 shipped) and the newest attempts still work.
 */
export const MAX_PENDING_TRANSACTIONS = 6;

/** What we remember between the redirect to the broker and its callback. */
export interface Transaction {
  state: string;
  nonce: string | undefined;
  codeVerifier: string;
  flow: Flow;
  returnTo: string;
  issuer: string;
  createdAt: number;
  /** The `max_age` sent, if any: the ID token's `auth_time` is then required and checked. */
  maxAge?: number;
}

const transactionSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1).optional(),
  codeVerifier: z.string().min(43),
  flow: z.string().refine(isFlow),
  returnTo: z.string().startsWith('/'),
  issuer: z.string(),
  createdAt: z.number(),
  maxAge: z.number().int().nonnegative().optional(),
});

/**
 * Seals a transaction into its own per-state cookie, dropping the oldest pending attempts first
 * so that at most {@link MAX_PENDING_TRANSACTIONS} remain (this one included). Browsers send
 * cookies of the same path oldest first (RFC 6265 §5.4), so the order of the Cookie header is the
 * order of the attempts.
 */
export async function writeTransaction(store: CookieStore, tx: Transaction, config: AuthConfig): Promise<void> {
  const pending = pendingTransactionNames(store, config);
  for (const name of pending.slice(0, Math.max(0, pending.length - (MAX_PENDING_TRANSACTIONS - 1)))) deleteCookie(store, name, config);
  const value = await seal({ ...tx }, config.sessionPasswords, TRANSACTION_TTL);
  store.set(`${transactionCookiePrefix(config)}${tx.state}`, value, cookieOptions(config, TRANSACTION_TTL));
}

function pendingTransactionNames(store: CookieStore, config: AuthConfig): string[] {
  const prefix = transactionCookiePrefix(config);
  return store
    .getAll()
    .map((c) => c.name)
    .filter((n) => n.startsWith(prefix));
}

/** The result of looking up the transaction for a callback's `state`. */
export type TransactionLookup = { kind: 'found'; tx: Transaction } | { kind: 'missing' } | { kind: 'mismatch' };

/**
 * Finds and unseals the transaction for `state`, deleting its cookie whatever it holds.
 * `missing` when no attempt is pending (or it expired / was tampered with); `mismatch` when
 * attempts are pending but none for this state.
 */
export async function takeTransaction(store: CookieStore, state: string, config: AuthConfig): Promise<TransactionLookup> {
  const name = `${transactionCookiePrefix(config)}${state}`;
  const value = store.get(name)?.value;
  if (value === undefined) return pendingTransactionNames(store, config).length > 0 ? { kind: 'mismatch' } : { kind: 'missing' };
  deleteCookie(store, name, config);
  if (value.length > MAX_COOKIE_VALUE) return { kind: 'missing' };
  const data = await unseal(value, config.sessionPasswords, TRANSACTION_TTL);
  const parsed = transactionSchema.safeParse(data);
  if (!parsed.success || parsed.data.state !== state || parsed.data.issuer !== config.issuer) return { kind: 'missing' };
  return { kind: 'found', tx: parsed.data as Transaction };
}
