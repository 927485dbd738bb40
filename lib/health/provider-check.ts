import { outboundFetch } from '../http';

/** Largest discovery document or key set read (the broker's are a few KB). */
const MAX_BODY = 256 * 1024;

/** The discovery document URL of `issuer` (RFC 8414 / OpenID Discovery: appended to the issuer's path). */
export function discoveryUrl(issuer: string): URL {
  const base = issuer.endsWith('/') ? issuer : `${issuer}/`;
  return new URL('.well-known/openid-configuration', base);
}

async function readJson(url: URL, timeoutMs: number): Promise<Record<string, unknown>> {
  const response = await outboundFetch(url, { headers: { accept: 'application/json' }, redirect: 'manual', timeoutMs });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`status ${response.status}`);
  }
  const text = await response.text();
  if (text.length > MAX_BODY) throw new Error('body too large');
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * The provider can be used: its discovery document names this issuer, and its key set (when it
 * publishes one) answers with keys. Rejects otherwise; the reason stays on this server.
 */
export async function checkProvider(issuer: string, timeoutMs: number): Promise<void> {
  const metadata = await readJson(discoveryUrl(issuer), timeoutMs);
  if (metadata.issuer !== issuer) throw new Error('issuer mismatch');
  if (typeof metadata.jwks_uri !== 'string') return;
  const jwks = await readJson(new URL(metadata.jwks_uri), timeoutMs);
  if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('no keys');
}
