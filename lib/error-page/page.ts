import { isAuthErrorCode, isFlow, safeReturnTo, type NetIdAuth } from '../auth';
import { pickLocale } from './texts';
import { signInErrorTexts } from './words';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The provider's name and the retry link, or neither when the configuration itself is broken. */
function fromConfig(auth: NetIdAuth, flowParam: string | null, returnToParam: string | null): { provider: string; retry?: string } {
  try {
    const config = auth.config();
    const flow = isFlow(flowParam) ? flowParam : config.defaultFlow;
    return { provider: config.profile.name, retry: auth.loginPath(flow, safeReturnTo(returnToParam ?? undefined, config.appUrl)) };
  } catch {
    return { provider: 'netID' };
  }
}

/**
 * The page a failed or cancelled sign-in lands on (`routes.errorPage`, default `/auth/error`):
 * small, accessible HTML in German or English (by `Accept-Language`), with a retry link, a way
 * home and the stable code for support. Only a known code from the query is shown; the provider's
 * own text never is. No script, no inline style (any Content-Security-Policy allows it). Replace it
 * with your own page at the same path whenever you like.
 */
export function signInErrorPage(auth: NetIdAuth, request: Request): Response {
  const url = new URL(request.url);
  const raw = url.searchParams.get('code') ?? undefined;
  const code = isAuthErrorCode(raw) ? raw : 'authorization_failed';
  const locale = pickLocale(request.headers.get('accept-language'));
  const { provider, retry } = fromConfig(auth, url.searchParams.get('flow'), url.searchParams.get('returnTo'));
  const t = signInErrorTexts(code, locale, provider);
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>${escape(t.title)}</title>
</head>
<body>
<main>
<h1>${escape(t.title)}</h1>
<p role="alert">${escape(t.message)}</p>
<p>${retry ? `<a href="${escape(retry)}">${escape(t.tryAgain)}</a> · ` : ''}<a href="/">${escape(t.backHome)}</a></p>
<p><small>${escape(t.codeLabel)}: <code>${escape(code)}</code></small></p>
</main>
</body>
</html>
`;
  return new Response(request.method === 'HEAD' ? null : html, {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-language': locale, 'cache-control': 'no-store', vary: 'accept-language' },
  });
}
