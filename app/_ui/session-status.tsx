'use client';
import { useNetIdSession } from 'netid-rp/next/client';

function displayName(user: Record<string, unknown>): string | undefined {
  const parts = [user.given_name, user.family_name].filter((p): p is string => typeof p === 'string' && p !== '');
  if (parts.length) return parts.join(' ');
  return typeof user.email === 'string' && user.email ? user.email : undefined;
}

/**
 * "Signed in as …" in the header of every page, read in the browser through `useNetIdSession`
 * (`netid-rp/next/client`: the token-free `GET /api/auth/session`), so the shell itself never
 * reads the session on the server. Shows nothing while loading, when signed out, or when the
 * session cannot be read.
 */
export function SessionStatus({ label }: { label: string }) {
  const { status, session } = useNetIdSession();
  if (status !== 'authenticated' || !session?.user) return null;
  const name = displayName(session.user) ?? session.user.sub;
  return (
    <span className="session-status" data-testid="session-status">
      {label} <strong>{name}</strong>
    </span>
  );
}
