import { serialize } from 'cookie';
import { auth } from '@/app/_lib/auth';
import { isLocale, LOCALE_COOKIE } from '@/app/_i18n';
import { AuthError, safeReturnTo } from 'netid-rp';
import { isSameOriginRequest, jsonError } from 'netid-rp';

export const dynamic = 'force-dynamic';

const ONE_YEAR = 365 * 24 * 3600;

/**
 * The language switch: a form POST with `locale` (`de` | `en`) and `returnTo` stores the choice
 * in a cookie and goes back (303) to the same page. A preference only, but still same-origin only.
 */
export async function POST(request: Request): Promise<Response> {
  const { appUrl } = auth.config();
  if (!isSameOriginRequest(request.headers, appUrl)) return jsonError(new AuthError('cross_site_request'));
  const form = await request.formData().catch(() => null);
  const locale = form?.get('locale');
  const returnToValue = form?.get('returnTo');
  const returnTo = safeReturnTo(typeof returnToValue === 'string' ? returnToValue : '/', appUrl);
  const headers = new Headers({ location: new URL(returnTo, appUrl).toString(), 'cache-control': 'no-store' });
  if (isLocale(locale)) {
    const secure = new URL(appUrl).protocol === 'https:';
    headers.append('set-cookie', serialize(LOCALE_COOKIE, locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax', httpOnly: true, secure }));
  }
  return new Response(null, { status: 303, headers });
}
