/**
 * The redaction rules of every span and metric attribute, in one place. Only the keys listed here
 * ever leave the package; a value is a string, number or boolean (strings cut at 120 characters),
 * and a string that looks like a token (a JWT, or any unbroken run of 40+ token characters), an
 * e-mail address or has an `=` (a cookie, a query) is dropped whole. Never recorded: tokens, secrets, cookies,
 * e-mail addresses, the user's `sub` (omitted, not hashed: a hash of a `sub` is still a stable
 * identifier of the person), URLs' paths and queries (they can carry codes and user data).
 *
 * @module
 */

/** Every attribute key the package may set, and what it holds. */
export const ATTRIBUTES = {
  'netid.flow': 'the netID flow: login, login-permission or permission (login for other providers)',
  'netid.profile': 'the provider profile: netid, oidc, screening-eagle or a custom profile name',
  'error.type': "the package's stable error code (docs/errors.md), or an HTTP status for upstream answers",
  'netid.refresh.joined': 'true when the caller joined a refresh already in flight (single-flight) instead of redeeming the token',
  'netid.session.end_reason': 'logout, backchannel_logout, refresh_rejected',
  'netid.sessions.ended': 'how many sessions a back-channel logout ended',
  'netid.permission_center.operation': 'read, write or export',
  'netid.m2m.cache_hit': 'true when a cached M2M token answered',
  'netid.session_store.operation': 'load, save, destroy, end_sessions, claim_once',
  'netid.outcome': 'success or failure',
  'http.request.method': 'the outbound call method',
  'http.response.status_code': 'the outbound answer status',
  'server.address': 'the host called (the broker, the Permission Center, the upstream API, an M2M server)',
  'server.port': 'its port',
} as const;

export type AttributeKey = keyof typeof ATTRIBUTES;
export type AttributeValue = string | number | boolean;
export type Attributes = Partial<Record<AttributeKey, AttributeValue | undefined>>;

const MAX_STRING = 120;
const JWT = /[\w-]{8,}\.[\w-]{8,}\.[\w-]*/;
const LONG_TOKEN = /[\w\-+/=.~]{40,}/;
const EMAIL = /[^\s@]+@[^\s@]+/;
const COOKIE = /=/;

/** Whether a string value may be recorded. */
export function safeString(value: string): boolean {
  return !JWT.test(value) && !LONG_TOKEN.test(value) && !EMAIL.test(value) && !COOKIE.test(value);
}

/** `attributes` with only the allowed keys and safe values. */
export function redact(attributes: Attributes): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || !(key in ATTRIBUTES)) continue;
    if (typeof value === 'string') {
      const cut = value.slice(0, MAX_STRING);
      if (safeString(cut)) out[key] = cut;
    } else if (typeof value === 'number' ? Number.isFinite(value) : typeof value === 'boolean') {
      out[key] = value;
    }
  }
  return out;
}

/** The stable code of a failure (`code` of our errors, a `TimeoutError`'s name), never its message. */
export function errorType(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && safeString(code)) return code.slice(0, MAX_STRING);
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return err.name;
  return 'internal_error';
}
