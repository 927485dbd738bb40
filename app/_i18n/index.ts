import { cookies, headers } from 'next/headers';
import { de } from './de';
import { en, type Dictionary } from './en';
import { LOCALE_COOKIE, negotiateLocale, type Locale } from './locale';

export { fill } from './fill';
export { isLocale, LOCALE_COOKIE, LOCALES, negotiateLocale, type Locale } from './locale';
export type { Dictionary } from './en';

const DICTIONARIES: Readonly<Record<Locale, Dictionary>> = { de, en };

/** The texts of a locale. */
export function dictionary(locale: Locale): Dictionary {
  return DICTIONARIES[locale];
}

/** The current request's locale and texts (Server Components, route handlers). */
export async function requestLocale(): Promise<{ locale: Locale; t: Dictionary }> {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale(jar.get(LOCALE_COOKIE)?.value, head.get('accept-language'));
  return { locale, t: DICTIONARIES[locale] };
}
