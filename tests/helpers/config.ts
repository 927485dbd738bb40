import { parseConfig, type AuthConfig } from '@/lib/auth';

/** A valid configuration for tests, with overrides. */
export function testConfig(overrides: Record<string, string | undefined> = {}): AuthConfig {
  return parseConfig({
    NETID_ISSUER: 'http://127.0.0.1:9/',
    NETID_CLIENT_ID: 'client',
    NETID_CLIENT_SECRET: 'secret',
    APP_URL: 'http://127.0.0.1:3000',
    SESSION_PASSWORD: 'a'.repeat(32),
    ...overrides,
  });
}
