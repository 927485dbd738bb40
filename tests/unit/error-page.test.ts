/**
 * The sign-in error page the package serves by default (Next `routes.errorPage`, Express
 * `netIdErrorPage`; both served for real in tests/consumers/first-hour.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createNetIdAuth } from '@/lib/auth';
import { pickLocale, signInErrorPage } from '@/lib/error-page';
import { signInErrorTexts } from '@/lib/index';

const auth = createNetIdAuth({ issuer: 'https://broker.netid.de/', clientId: 'c', clientSecret: 's', appUrl: 'https://shop.example', production: false, log: () => {} });
const page = (query: string, language = 'de-DE,de;q=0.9,en;q=0.8') =>
  signInErrorPage(auth, new Request(`https://shop.example/auth/error${query}`, { headers: { 'accept-language': language } }));

describe('the sign-in error page', () => {
  it('explains a cancelled sign-in in German by default, with a retry to the same flow and place, and the code', async () => {
    const res = page('?code=access_denied&flow=login&returnTo=%2Forders%3Fpage%3D2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('<h1>Die Anmeldung hat nicht geklappt</h1>');
    expect(html).toContain('Sie haben die Anmeldung bei netID abgebrochen');
    expect(html).toContain('href="/api/auth/login?flow=login&amp;returnTo=%2Forders%3Fpage%3D2"');
    expect(html).toContain('<code>access_denied</code>');
  });

  it('speaks English to a browser that prefers it, German otherwise', async () => {
    expect(await page('?code=access_denied', 'en-US,en;q=0.9,de;q=0.5').text()).toContain('<h1>Sign-in did not work</h1>');
    expect(pickLocale('fr-FR, en;q=0.4, de;q=0.7')).toBe('de');
    expect(pickLocale('fr-FR')).toBe('de');
    expect(pickLocale(null)).toBe('de');
  });

  it('shows only a known code and never the query text; an off-site returnTo becomes /', async () => {
    const html = await page('?code=%3Cscript%3Ealert(1)%3C%2Fscript%3E&returnTo=https%3A%2F%2Fevil.example%2F').text();
    expect(html).not.toContain('<script');
    expect(html).not.toContain('evil.example');
    expect(html).toContain('<code>authorization_failed</code>');
  });

  it('gives an app of its own the same words per code and language (signInErrorTexts of netid-rp)', async () => {
    const de = signInErrorTexts('access_denied', 'de');
    expect(de.title).toBe('Die Anmeldung hat nicht geklappt');
    expect(de.message).toBe('Sie haben die Anmeldung bei netID abgebrochen, oder der Zugriff wurde nicht erlaubt. Es wurde nichts geändert.');
    expect(de.codeLabel).toBe('Fehlercode für den Support');
    expect(signInErrorTexts('broker_timeout', 'en', 'Example ID').message).toBe('Example ID cannot be reached right now. Please try again in a moment.');
    expect(signInErrorTexts('not_a_code', 'en').message).toBe('Something went wrong while signing in with netID. Please try again.');
    // The package's page says exactly these words.
    const html = await page('?code=invalid_grant', 'en').text();
    const en = signInErrorTexts('invalid_grant', 'en');
    for (const words of [en.title, en.message, en.tryAgain, en.backHome, en.codeLabel]) expect(html).toContain(words);
  });
});
