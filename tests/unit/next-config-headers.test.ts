/**
 * The reference app's next.config `headers()` rule, matched the way `next start` matches it
 * (Next's own `buildCustomRoute`, as its router builds the rules from the routes manifest): the
 * static security headers reach every kind of response, and the rule has no named parameter, so the
 * router neither splits the path into one nor compiles the header values against it per request
 * (issue 26; the e2e security-headers spec checks the headers on the wire).
 */
import { describe, expect, it } from 'vitest';
import type { NextConfig } from 'next';
import { buildCustomRoute } from 'next/dist/server/lib/router-utils/filesystem.js';
import { STATIC_SECURITY_HEADERS } from '../../lib/http';

interface HeaderRule {
  source: string;
  headers: Array<{ key: string; value: string }>;
}
/** next.config.js is plain JavaScript (typed through JSDoc): loaded as the `NextConfig` it declares. */
const loadConfig = async (): Promise<NextConfig> => ((await import('../../next.config.js' as string)) as { default: NextConfig }).default;

const PATHS = ['/', '/consent', '/auth/error', '/api/auth/session', '/api/upstream/a/b', '/api/no-such-route', '/_next/static/chunks/app.js', '/favicon.ico', '/a%20b'];

describe('next.config headers()', () => {
  it('puts exactly the static security headers on every path, with no parameter to decode', async () => {
    const rules = (await (await loadConfig()).headers!()) as HeaderRule[];
    const built = rules.map((rule) => buildCustomRoute('header', rule, '', false));
    for (const path of PATHS) {
      const matched = built.filter((rule) => rule.match(path));
      expect(matched, path).toHaveLength(1);
      expect(matched[0]!.match(path), `${path}: no named parameter`).toEqual({});
      const headers = Object.fromEntries(matched[0]!.headers.map((h) => [h.key.toLowerCase(), h.value]));
      expect(headers, path).toEqual(STATIC_SECURITY_HEADERS);
    }
  });
});
