'use client';
/**
 * `netid-rp/next/client`: the public session view in client components. Reads
 * `GET /api/auth/session` (the token-free {@link PublicSession}); no token ever reaches the
 * browser. Works without a provider (each component fetches once); wrap the tree in
 * {@link NetIdSessionProvider} to share one read, start from the server's view (no loading flash)
 * and refresh all consumers at once.
 *
 * @example
 * ```tsx
 * 'use client';
 * import { useNetIdSession } from 'netid-rp/next/client';
 * export function Greeting() {
 *   const { status, session } = useNetIdSession();
 *   if (status === 'loading') return <p>…</p>;
 *   return <p>{session ? `Hello ${session.user?.sub}` : 'Signed out'}</p>;
 * }
 * ```
 *
 * @packageDocumentation
 */
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { PublicSession } from '../../auth';

export type { PublicSession };

/** Where the session is read from; the default route of the auth handlers. */
export const DEFAULT_SESSION_URL = '/api/auth/session';

/** What {@link useNetIdSession} returns. */
export interface NetIdSessionState {
  /** `loading` until the first answer; `error` when the route could not be read (network, 5xx). */
  status: 'loading' | 'authenticated' | 'unauthenticated' | 'error';
  /** The public session when `authenticated`, else `null`. */
  session: PublicSession | null;
  /** Reads the session again (after a sign-in in another tab, a consent change, …). */
  refresh(): Promise<void>;
}

/** One read of the session route: {@link NetIdSessionState} without `refresh`. */
export type NetIdSessionSnapshot = Omit<NetIdSessionState, 'refresh'>;

/**
 * One read of the session route: `authenticated` with the body on 200, `unauthenticated` on 401,
 * `error` otherwise. Same-origin credentials, never cached.
 *
 * @example
 * ```ts
 * import { fetchNetIdSession } from 'netid-rp/next/client';
 * const { status, session } = await fetchNetIdSession('/api/auth/session');
 * ```
 */
export async function fetchNetIdSession(url: string = DEFAULT_SESSION_URL, fetchImpl: typeof fetch = fetch): Promise<NetIdSessionSnapshot> {
  try {
    const res = await fetchImpl(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
    if (res.status === 401) return { status: 'unauthenticated', session: null };
    if (!res.ok) return { status: 'error', session: null };
    return { status: 'authenticated', session: (await res.json()) as PublicSession };
  } catch {
    return { status: 'error', session: null };
  }
}

const SessionContext = createContext<NetIdSessionState | null>(null);

/** Props of {@link NetIdSessionProvider}. */
export interface NetIdSessionProviderProps {
  children?: ReactNode;
  /**
   * The server's view, e.g. `session ? publicSession(session) : null` from a Server Component
   * layout: the first render uses it instead of loading. Omit it to read the route on mount.
   */
  session?: PublicSession | null;
  /** The session route; default `/api/auth/session` (set it if your auth routes live elsewhere). */
  url?: string;
}

function useSessionState(url: string, initial: PublicSession | null | undefined): NetIdSessionState {
  const [snapshot, setSnapshot] = useState<NetIdSessionSnapshot>(() =>
    initial === undefined ? { status: 'loading', session: null } : initial ? { status: 'authenticated', session: initial } : { status: 'unauthenticated', session: null },
  );
  const latest = useRef(0);
  const refresh = useCallback(async () => {
    const call = ++latest.current;
    const next = await fetchNetIdSession(url);
    if (call === latest.current) setSnapshot(next);
  }, [url]);
  useEffect(() => {
    if (initial === undefined) void refresh();
    // Only on mount or when the route changes: `initial` is the first render's view.
  }, [refresh]);
  return useMemo(() => ({ ...snapshot, refresh }), [snapshot, refresh]);
}

/**
 * Shares one session read with every {@link useNetIdSession} below it.
 *
 * @example
 * ```tsx
 * import type { ReactNode } from 'react';
 * import { NetIdSessionProvider } from 'netid-rp/next/client';
 * export function Providers({ children }: { children: ReactNode }) {
 *   return <NetIdSessionProvider>{children}</NetIdSessionProvider>;
 * }
 * ```
 */
export function NetIdSessionProvider({ children, session, url = DEFAULT_SESSION_URL }: NetIdSessionProviderProps): ReactNode {
  const state = useSessionState(url, session);
  return createElement(SessionContext.Provider, { value: state }, children);
}

/**
 * The public session in a client component: the nearest {@link NetIdSessionProvider}'s, or (without
 * one) a read of `url` on mount. Never a token: only what `GET /api/auth/session` shows.
 */
export function useNetIdSession(url: string = DEFAULT_SESSION_URL): NetIdSessionState {
  const shared = useContext(SessionContext);
  const own = useSessionState(url, shared ? null : undefined);
  return shared ?? own;
}
