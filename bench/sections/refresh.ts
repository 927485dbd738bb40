/** Refresh requests at the provider for 50 concurrent requests of one expired session (must be 1). */
import { createNetIdAuth, optionsFromEnv } from '../../lib/auth';
import { createUpstreamProxy } from '../../lib/bff';
import { startEmbeddedOidcStack } from 'netid-rp-testing';
import { RpBrowser } from '../../tests/helpers/rp-browser';
import { out } from '../output';

export default async function run(): Promise<void> {
  const appUrl = 'http://127.0.0.1:3996';
  const ttl = 2;
  const stack = await startEmbeddedOidcStack({ appUrl, accessTokenTtl: ttl });
  try {
    const auth = createNetIdAuth({ ...optionsFromEnv({ ...stack.env, SESSION_PASSWORD: 'bench-session-password-0123456789abcdef' }), log: () => {} });
    const proxy = createUpstreamProxy(auth);
    const browser = new RpBrowser(auth, appUrl);
    await browser.signIn();
    await new Promise((r) => setTimeout(r, (ttl + 0.5) * 1000));
    stack.provider.resetStats();
    const cookie = browser.jar.header();
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => proxy(new Request(`${appUrl}/api/upstream/me`, { headers: { cookie, 'x-csrf': '1' } }))),
    );
    const elapsed = performance.now() - started;
    if (responses.some((r) => r.status !== 200)) throw new Error('an upstream request failed');
    out('refresh_requests_for_50_concurrent_expired', stack.provider.stats.refresh);
    out('refresh_50_concurrent_total_ms', elapsed.toFixed(1));
  } finally {
    await stack.close();
  }
}
