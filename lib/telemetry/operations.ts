/**
 * The package's traced operations: one function per span the handlers open, each recording its
 * metrics when it ends. Handlers call these around their work; nothing else here knows a handler.
 *
 * @module
 */
import { count, metricsRecording, record } from './metrics';
import { errorType, type Attributes } from './redaction';
import { withSpan, type SpanScope } from './spans';

/** Every span of the package: name → what it covers. */
export const SPANS = {
  'netid.sign_in.start': 'GET /api/auth/login: the authorization request is built and the browser sent to the provider',
  'netid.sign_in.callback': 'GET /api/auth/callback: the transaction is checked, the code redeemed, the session written',
  'netid.token_exchange': 'child of the callback: the token endpoint request (its HTTP span nests under it)',
  'netid.id_token.validate': "child of the callback: the token answer's checks after it arrived (ID token signature and claims; the key set fetch when not cached)",
  'netid.refresh': "a renewal of the user's access token (refresh_token grant), or joining one in flight",
  'netid.logout': 'POST /api/auth/logout',
  'netid.revocation': 'child of the logout: the refresh token revoked at the provider',
  'netid.backchannel_logout': 'POST /api/auth/backchannel-logout',
  'netid.permission_center.read': 'a Permission Center status read',
  'netid.permission_center.write': 'a Permission Center permissions write',
  'netid.permission_center.export': 'a Permission Center export call',
  'netid.m2m.token': 'an M2M token asked of a token source (answered from the cache or requested)',
  'netid.m2m.token_request': 'child of netid.m2m.token: the client_credentials request to the token endpoint',
  'netid.bff.upstream': 'a call through the BFF proxy (/api/upstream/*) to the upstream API, renewal included',
  'HTTP <METHOD>': 'every outbound call (client span): host, port, method, status; traceparent sent to the Permission Center and the upstream API',
} as const;

/** The code of a redirect to the error page (`?code=`), or undefined for any other answer. */
function errorPageCode(response: Response, errorPage: string): string | undefined {
  const location = response.headers.get('location');
  if (response.status !== 302 || !location?.startsWith(`${errorPage}?`)) return undefined;
  return new URLSearchParams(location.slice(errorPage.length + 1)).get('code') ?? 'internal_error';
}

/**
 * Traces a sign-in step (`start`: the login route; `callback`) and counts it: started or
 * completed by flow, failed by flow and code. The outcome is read from the answer: a redirect to
 * `errorPage()` is a failure with its `code`.
 */
export async function traceSignIn(step: 'start' | 'callback', errorPage: () => string, fn: () => Promise<Response>): Promise<Response> {
  let flow: Attributes = {};
  const response = await withSpan(step === 'start' ? 'netid.sign_in.start' : 'netid.sign_in.callback', {}, async (scope) => {
    const answer = await fn();
    const code = errorPageCode(answer, errorPage());
    if (code) scope.fail(code);
    flow = { 'netid.flow': scope.attributes['netid.flow'] ?? 'unknown' };
    return answer;
  });
  const code = errorPageCode(response, errorPage());
  if (code) count('netid.sign_in.failed', { ...flow, 'error.type': code });
  else count(step === 'start' ? 'netid.sign_in.started' : 'netid.sign_in.completed', flow);
  return response;
}

/**
 * Traces a renewal. `fn` gets `redeeming()`, to call when this caller redeems the refresh token
 * itself; a caller that never does joined a renewal in flight (or reused its result).
 */
export async function traceRefresh<T>(fn: (redeeming: () => void) => Promise<T>): Promise<T> {
  let redeemed = false;
  const joined = () => ({ 'netid.refresh.joined': !redeemed });
  try {
    const result = await withSpan('netid.refresh', {}, async (scope) => {
      const r = await fn(() => void (redeemed = true));
      scope.set(joined());
      return r;
    });
    count('netid.refresh', { ...joined(), 'netid.outcome': 'success' });
    return result;
  } catch (err) {
    count('netid.refresh', { ...joined(), 'netid.outcome': 'failure', 'error.type': errorType(err) });
    throw err;
  }
}

/** Counts `n` sessions ended for `reason`. */
export function sessionsEnded(reason: 'logout' | 'backchannel_logout' | 'refresh_rejected', n = 1): void {
  if (n > 0) count('netid.session.ended', { 'netid.session.end_reason': reason }, n);
}

/** Traces a plain operation under `name` (logout, revocation, back-channel logout, the BFF call). */
export function traceOperation<T>(name: 'netid.logout' | 'netid.revocation' | 'netid.backchannel_logout' | 'netid.bff.upstream', fn: (scope: SpanScope) => Promise<T>): Promise<T> {
  return withSpan(name, {}, fn);
}

/** Traces a Permission Center call and counts it by operation and HTTP status (`statusOf` reads a failure's). */
export async function tracePermissionCenter<T>(operation: 'read' | 'write' | 'export', success: number, fn: () => Promise<T>): Promise<T> {
  const attributes = { 'netid.permission_center.operation': operation };
  try {
    const result = await withSpan(`netid.permission_center.${operation}`, attributes, fn);
    count('netid.permission_center.calls', { ...attributes, 'http.response.status_code': success });
    return result;
  } catch (err) {
    const status = (err as { status?: unknown } | null)?.status;
    count('netid.permission_center.calls', { ...attributes, 'http.response.status_code': typeof status === 'number' ? status : undefined, 'error.type': errorType(err) });
    throw err;
  }
}

/** Traces an M2M token asked of a token source; `fn` gets `requesting`, which wraps the call to the token endpoint. */
export async function traceM2MToken<T>(fn: (requesting: <R>(request: () => Promise<R>) => Promise<R>) => Promise<T>): Promise<T> {
  let requested = false;
  const requesting = async <R>(request: () => Promise<R>): Promise<R> => {
    requested = true;
    try {
      const r = await withSpan('netid.m2m.token_request', {}, request);
      count('netid.m2m.token_requests', { 'netid.outcome': 'success' });
      return r;
    } catch (err) {
      count('netid.m2m.token_requests', { 'netid.outcome': 'failure', 'error.type': errorType(err) });
      throw err;
    }
  };
  return withSpan('netid.m2m.token', {}, async (scope) => {
    const result = await fn(requesting);
    scope.set({ 'netid.m2m.cache_hit': !requested });
    if (!requested) count('netid.m2m.cache_hits');
    return result;
  });
}

/** Times a session store operation (seconds) and counts its failures. */
export async function timeStoreCall<T>(operation: 'load' | 'save' | 'destroy' | 'end_sessions' | 'claim_once', fn: () => Promise<T>): Promise<T> {
  // The hot path of server-side sessions: no clock reads without a meter to give them to.
  if (!metricsRecording()) return fn();
  const started = performance.now();
  const attributes = { 'netid.session_store.operation': operation };
  try {
    const result = await fn();
    record('netid.session_store.duration', (performance.now() - started) / 1000, { ...attributes, 'netid.outcome': 'success' });
    return result;
  } catch (err) {
    record('netid.session_store.duration', (performance.now() - started) / 1000, { ...attributes, 'netid.outcome': 'failure' });
    count('netid.session_store.errors', { ...attributes, 'error.type': errorType(err) });
    throw err;
  }
}
