import { parse } from 'cookie';
import { dictionary, LOCALE_COOKIE, negotiateLocale } from '../_i18n';

/** HTML text and attribute escaping for the few strings of this page (our own texts, escaped anyway). */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page `proxy.ts` shows (status 503, set by `createAuthProxy`) while the server-side session
 * store does not answer: plain HTML built in the proxy, so it needs neither the session nor a
 * render of the app, in the user's language, styled by one inline `<style>` under the request's
 * CSP nonce. "Reload" asks for the same URL again (the proxy answered it in place).
 */
export function unavailablePage(request: Request, nonce: string | undefined): Response {
  const locale = negotiateLocale(parse(request.headers.get('cookie') ?? '')[LOCALE_COOKIE], request.headers.get('accept-language'));
  const t = dictionary(locale).unavailable;
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  const html = `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style${nonceAttr}>
body { font-family: system-ui, sans-serif; color: #1f1f1f; max-width: 44rem; margin: 0 auto; padding: 2rem 1rem; line-height: 1.5; }
a { color: #3f6b12; }
:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.button { display: inline-block; padding: .6rem 1.2rem; border-radius: .4rem; background: #3f6b12; color: #fff; text-decoration: none; min-height: 2.75rem; box-sizing: border-box; }
.muted { color: #4a4a4a; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(t.title)}</h1>
<p data-testid="unavailable-message">${escapeHtml(t.message)}</p>
<p><a class="button" href="" data-testid="unavailable-reload">${escapeHtml(t.reload)}</a></p>
<p class="muted">${escapeHtml(t.code)}: <code data-testid="error-code">session_store_unavailable</code></p>
</main>
</body>
</html>
`;
  return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}
