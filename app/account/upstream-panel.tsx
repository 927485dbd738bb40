'use client';

import { useEffect, useState } from 'react';
import type { Dictionary } from '@/app/_i18n';
import { fill } from '@/app/_i18n/fill';

type State = { kind: 'loading' } | { kind: 'ok'; body: Record<string, unknown> } | { kind: 'error'; status: number; code: string };

/** Calls `/api/upstream/<path>` from the browser (the token stays on the server) and shows the answer. */
export function UpstreamPanel({ path, t, signInAgain }: { path: string; t: Dictionary['account']; signInAgain: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    // X-CSRF: 1 proves the call comes from our pages (the BFF refuses any call without it).
    fetch(`/api/upstream/${path}`, { headers: { accept: 'application/json', 'x-csrf': '1' } })
      .then(async (res) => {
        const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        if (!live) return;
        setState(res.ok ? { kind: 'ok', body } : { kind: 'error', status: res.status, code: String(body.error ?? 'upstream_error') });
      })
      .catch(() => live && setState({ kind: 'error', status: 0, code: 'network_error' }));
    return () => {
      live = false;
    };
  }, [path]);

  if (state.kind === 'loading') return <p data-testid="upstream-loading">{t.loading}</p>;
  if (state.kind === 'error')
    return (
      <div className="error" role="alert" data-testid="upstream-error">
        <p>{fill(t.failed, { code: state.code, status: state.status })}</p>
        {state.status === 401 && <a href={signInAgain}>{t.signInAgain}</a>}
      </div>
    );
  return (
    <dl>
      <dt>{t.upstreamSub}</dt>
      <dd data-testid="upstream-sub">{String(state.body.sub)}</dd>
      <dt>{t.upstreamExp}</dt>
      <dd data-testid="upstream-exp">{new Date(Number(state.body.exp) * 1000).toISOString()}</dd>
    </dl>
  );
}
