/**
 * The cookie store's cache takes a session in on its second read, or its first when the instance
 * sealed it: one-off reads of many distinct sessions never churn it (issue 26).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNetIdAuth, requestCookies } from '@/lib/auth';
import { offlineOptions, offlineSession } from '../helpers/offline-auth';
import { writeSession } from '@/lib/auth/session';
import { ADMISSION_SLOTS, createSessionAdmission } from '@/lib/auth/session-admission';

const options = offlineOptions;
const session = offlineSession;

/** A session cookie header sealed by `auth`. */
async function cookieFor(auth: ReturnType<typeof createNetIdAuth>, sub: string): Promise<string> {
  const written = requestCookies(null);
  await writeSession(written, session(sub), auth.config());
  return written.setCookieHeaders().map((c) => c.split(';')[0]).join('; ');
}

/** The `i`-th value shaped like an Iron seal, ending in an HMAC-like base64url digest (what the filter hashes); deterministic. */
const digest = (text: string) => createHash('sha256').update(text).digest('base64url');
const sealLike = (_: unknown, i: number) => `Fe26.2**${digest(`salt-${i}`)}*${digest(`mac-${i}`)}~2`;

describe('session admission filter', () => {
  it('admits a value on its second sight, and at once after it was remembered', () => {
    const admission = createSessionAdmission();
    const [a, b] = [sealLike(null, 1), sealLike(null, 2)];
    expect(admission.admit(a)).toBe(false);
    expect(admission.admit(a)).toBe(true);
    expect(admission.admit(a)).toBe(true);
    admission.remember(b);
    expect(admission.admit(b)).toBe(true);
  });

  it('admits few values when more distinct values pass between two sights than it has slots', () => {
    const admission = createSessionAdmission();
    const values = Array.from({ length: 20_000 }, sealLike);
    for (const v of values) admission.admit(v);
    const admitted = values.filter((v) => admission.admit(v)).length;
    // Round-robin over 20,000 values, 4,096 sets of two: a value stays if at most one other of the
    // 19,999 lands in its set, p = e^-4.88 · (1 + 4.88) ≈ 4.5 %.
    expect(admitted / values.length).toBeLessThan(0.08);
    // Values read again soon are admitted (all but the few whose set two others took in between).
    const recent = values.slice(0, 1000);
    for (const v of recent) admission.admit(v);
    expect(recent.filter((v) => admission.admit(v)).length).toBeGreaterThan(950);
  });

  it('wants a power of two', () => {
    expect(ADMISSION_SLOTS & (ADMISSION_SLOTS - 1)).toBe(0);
    expect(() => createSessionAdmission(1000)).toThrow(RangeError);
    expect(() => createSessionAdmission(1)).toThrow(RangeError);
  });
});

describe('cookie store cache admission', () => {
  it('caches a session another instance sealed from its second read, not its first', async () => {
    const writer = createNetIdAuth(options);
    const reader = createNetIdAuth(options);
    const cookie = await cookieFor(writer, 'user-1');
    const first = await reader.getSession(requestCookies(cookie));
    const second = await reader.getSession(requestCookies(cookie));
    expect(second).toEqual(first);
    expect(second).not.toBe(first); // the first read was not cached
    expect(await reader.getSession(requestCookies(cookie))).toBe(second); // the second was
  });

  it('caches a session this instance sealed from its first read', async () => {
    const auth = createNetIdAuth(options);
    const cookie = await cookieFor(auth, 'user-2');
    const first = await auth.getSession(requestCookies(cookie));
    expect(first?.user?.sub).toBe('user-2');
    expect(await auth.getSession(requestCookies(cookie))).toBe(first);
  });

  it('never admits a value that did not unseal', async () => {
    const auth = createNetIdAuth(options);
    const cookie = await cookieFor(createNetIdAuth({ ...options, session: { password: 'b'.repeat(32) } }), 'user-3');
    expect(await auth.getSession(requestCookies(cookie))).toBeNull();
    expect(await auth.getSession(requestCookies(cookie))).toBeNull();
  });
});
