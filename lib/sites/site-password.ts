import { hkdfSync } from 'node:crypto';

/**
 * The session password of one site, derived from the deployment's password and the site's host
 * (HKDF-SHA-256): one `SESSION_PASSWORD` serves every site, and a session sealed for one site does
 * not unseal at another. 43 characters (32 bytes, base64url), as iron-session asks for at least 32.
 */
export function sitePassword(password: string, host: string): string {
  return Buffer.from(hkdfSync('sha256', password, 'netid-rp site session', host, 32)).toString('base64url');
}
