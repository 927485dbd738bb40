/**
 * Header-string views of the cookie-store API, so the unit tests can assert on the exact
 * Set-Cookie values the core writes.
 */
import { requestCookies, type AuthConfig, type SessionData } from '@/lib/auth';
import { clearSession, readSession as readFromStore, writeSession } from '@/lib/auth/session';
import { takeTransaction, writeTransaction, type Transaction, type TransactionLookup } from '@/lib/auth/transaction';

/** The Set-Cookie value that writes `session`. */
export async function sessionCookie(session: SessionData, config: AuthConfig): Promise<string> {
  const store = requestCookies(null);
  await writeSession(store, session, config);
  return store.setCookieHeaders()[0]!;
}

/** The session a Cookie header carries. */
export function readSession(cookieHeader: string | null, config: AuthConfig): Promise<SessionData | null> {
  return readFromStore(requestCookies(cookieHeader), config);
}

/** The Set-Cookie value that ends the session. */
export function clearSessionCookie(cookieHeader: string | null, config: AuthConfig): string {
  const store = requestCookies(cookieHeader);
  clearSession(store, config);
  return store.setCookieHeaders()[0]!;
}

/** The Set-Cookie value of a transaction on its own. */
export async function transactionCookie(tx: Transaction, config: AuthConfig): Promise<string> {
  const store = requestCookies(null);
  await writeTransaction(store, tx, config);
  return store.setCookieHeaders()[0]!;
}

/** The lookup for `state`, with the Set-Cookie that deleted its cookie (if any) as `clear`. */
export async function findTransaction(cookieHeader: string, state: string, config: AuthConfig): Promise<TransactionLookup & { clear?: string }> {
  const store = requestCookies(cookieHeader);
  const lookup = await takeTransaction(store, state, config);
  const clear = store.setCookieHeaders()[0];
  return clear ? { ...lookup, clear } : lookup;
}

/** The Set-Cookie values that a new sign-in attempt writes to drop older pending ones. */
export async function pruneTransactions(cookieHeader: string, config: AuthConfig, next: Transaction): Promise<string[]> {
  const store = requestCookies(cookieHeader);
  await writeTransaction(store, next, config);
  return store.setCookieHeaders().filter((c) => /Max-Age=0/i.test(c));
}
