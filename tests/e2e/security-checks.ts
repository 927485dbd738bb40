import { expect } from './fixtures';

/** The directives of a Content-Security-Policy value. */
export function directives(policy: string | undefined): Map<string, string[]> {
  expect(policy, 'Content-Security-Policy').toBeTruthy();
  return new Map(
    policy!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** The headers every response of ours carries (pages, API JSON, errors), over http. */
export function expectStaticHeaders(headers: Record<string, string>, what: string): void {
  expect(headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(headers['referrer-policy'], `${what}: Referrer-Policy`).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options'], `${what}: X-Frame-Options`).toBe('DENY');
  expect(headers['cross-origin-opener-policy'], `${what}: COOP`).toBe('same-origin');
  expect(headers['strict-transport-security'], `${what}: no HSTS over http`).toBeUndefined();
}

/** A page's policy: nonce + strict-dynamic scripts only, nothing may frame it; returns the nonce. */
export function expectPagePolicy(headers: Record<string, string>, what: string): { nonce: string; formAction: string[] } {
  expectStaticHeaders(headers, what);
  const d = directives(headers['content-security-policy']);
  const scripts = d.get('script-src') ?? [];
  const nonce = scripts.find((s) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(s));
  expect(nonce, `${what}: script-src nonce`).toBeDefined();
  expect(scripts, what).toContain("'strict-dynamic'");
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:']) expect(scripts, `${what}: script-src ${bad}`).not.toContain(bad);
  expect(d.get('object-src'), what).toEqual(["'none'"]);
  expect(d.get('base-uri'), what).toEqual(["'none'"]);
  expect(d.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(d.get('form-action')?.[0], what).toBe("'self'");
  for (const sources of d.values()) expect(sources, `${what}: no wildcard source`).not.toContain('*');
  return { nonce: nonce!.slice("'nonce-".length, -1), formAction: d.get('form-action')! };
}
