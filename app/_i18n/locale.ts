import Negotiator from 'negotiator';

/** The locales of the reference app; German first (most netID users are German): it wins for a missing header or `*`. */
export const LOCALES = ['de', 'en'] as const;

/** A locale of the reference app. */
export type Locale = (typeof LOCALES)[number];

/** Cookie that holds the user's explicit choice from the language switch. */
export const LOCALE_COOKIE = 'netid_locale';

/** Narrows a cookie or form value to a {@link Locale}. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The locale for a request: the switch's cookie if set, else the best match of `Accept-Language`
 * (`de`, `de-AT`, … → German), else German without a header and English when the header names
 * only other languages.
 */
export function negotiateLocale(cookieValue: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookieValue)) return cookieValue;
  if (!acceptLanguage) return 'de';
  const best = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).language([...LOCALES]);
  return isLocale(best) ? best : 'en';
}
