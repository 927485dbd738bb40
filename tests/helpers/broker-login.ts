/**
 * Drive the dev broker's sign-in page over real HTTP, like a browser would, without one. Works
 * for every embedded provider that serves that page (the netID dev broker and the Duende-style
 * provider in `netid-rp-testing`: packages/netid-rp-testing/src/duende), whatever their endpoint paths: it only follows redirects and
 * forms. {@link endSessionAtProvider} does the same for the Duende-style provider's logout.
 *
 * @module
 */
import { CookieJar as BrokerCookieJar } from './cookie-jar';

/** Options of {@link signInAtBroker}. */
export interface SignInAtBrokerOptions {
  /** Test user id to sign in as; default `max`. */
  user?: string;
  /** `approve` (default) submits the sign-in form, `cancel` the cancel form. */
  action?: 'approve' | 'cancel';
  /** `error` sent by the cancel form; default `access_denied`. */
  error?: string;
  /**
   * Cookie jar to use and keep (default: a fresh one per call). Pass the same jar to a later call
   * to act like one browser: the broker then remembers the session and completes an authorize
   * request without its page (unless `prompt=login`, `max_age` or new scopes/claims require it).
   */
  jar?: BrokerCookieJar;
}

const MAX_HOPS = 12;

/** The broker side of a browser: cookies of one broker origin. */
export { BrokerCookieJar };

function decodeEntities(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The `action` of the form on a page that contains the button with `testId`. */
function formActionFor(html: string, testId: string): string | undefined {
  for (const [, attrs = '', inner = ''] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!inner.includes(`data-testid="${testId}"`)) continue;
    const action = /\baction="([^"]*)"/.exec(attrs)?.[1];
    if (action !== undefined) return decodeEntities(action);
  }
  return undefined;
}

function pageText(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** What to do on a 200 page: submit a form (POST, urlencoded), or `null` to stop on this page. */
type PageStep = (html: string, url: URL, submitted: boolean) => { action: URL; body: URLSearchParams } | null;

/**
 * Acts like a browser from `start`: follows redirects with the jar's cookies, lets `onPage`
 * submit forms, and returns the first URL off the start origin (or the page `onPage` stops on).
 */
async function browse(name: string, start: string, jar: BrokerCookieJar, onPage: PageStep): Promise<URL> {
  const origin = new URL(start).origin;
  let url = new URL(start);
  let init: RequestInit = { method: 'GET' };
  let submitted = false;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.origin !== origin) return url;
      init = { method: 'GET' };
      continue;
    }
    if (response.status !== 200) throw new Error(`${name}: ${init.method} ${url.pathname} answered HTTP ${response.status}: ${pageText(await response.text())}`);
    const next = onPage(await response.text(), url, submitted);
    if (!next) return url;
    url = next.action;
    init = { method: 'POST', body: next.body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
    submitted = true;
  }
  throw new Error(`${name}: more than ${MAX_HOPS} hops without leaving ${origin}`);
}

/**
 * Drives the broker's sign-in page over real HTTP (its own cookie jar): GET `authorizeUrl`,
 * follow redirects to the interaction page, submit the form as `user` (default `max`), follow
 * redirects until the Location points outside the broker (the RP redirect_uri). Returns that URL
 * (carrying `code` + `state`, or `error` + `error_description` + `state`). `action: 'cancel'`
 * submits the cancel form with `error` (default `access_denied`).
 *
 * Throws when the broker answers anything else (e.g. an error page for a bad `redirect_uri`).
 */
export async function signInAtBroker(authorizeUrl: string, opts: SignInAtBrokerOptions = {}): Promise<URL> {
  const { user = 'max', action = 'approve', error = 'access_denied', jar = new BrokerCookieJar() } = opts;
  return browse('signInAtBroker', authorizeUrl, jar, (html, url, submitted) => {
    if (submitted) throw new Error(`signInAtBroker: unexpected page after the form at ${url.pathname}: ${pageText(html)}`);
    const testId = action === 'cancel' ? 'broker-cancel' : 'broker-continue';
    const formAction = formActionFor(html, testId);
    if (!formAction) throw new Error(`signInAtBroker: no form with ${testId} at ${url.pathname}`);
    const body = action === 'cancel' ? new URLSearchParams({ error }) : new URLSearchParams({ user });
    return { action: new URL(formAction, url), body };
  });
}

/** Options of {@link endSessionAtProvider}. */
export interface EndSessionAtProviderOptions {
  /** The browser's provider cookies: pass the jar of the sign-in to end that provider session. */
  jar?: BrokerCookieJar;
  /** `confirm` (default): sign out of the provider; `cancel`: "No, stay signed in" (ends only this client's grant). */
  action?: 'confirm' | 'cancel';
}

/** Hidden inputs and the action of the first `<form>` whose action ends in `/confirm`. */
function confirmForm(html: string): { action: string; fields: URLSearchParams } | undefined {
  for (const [, attrs = '', inner = ''] of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = /\baction="([^"]*)"/.exec(attrs)?.[1];
    if (action === undefined || !/\/confirm$/.test(decodeEntities(action))) continue;
    const fields = new URLSearchParams();
    for (const [input = ''] of inner.matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(input)?.[1];
      const value = /\bvalue="([^"]*)"/.exec(input)?.[1];
      if (name !== undefined) fields.set(decodeEntities(name), decodeEntities(value ?? ''));
    }
    return { action: decodeEntities(action), fields };
  }
  return undefined;
}

/**
 * Drives an RP-initiated logout at the Duende-style dev provider over real HTTP: GET
 * `endSessionUrl` (the `end_session_endpoint` with `id_token_hint`, `post_logout_redirect_uri`,
 * `state`), submit its confirmation form as the page's auto-submit script (or a click on
 * `data-testid="duende-logout-confirm"`) would, follow redirects. Returns the first URL outside
 * the provider (the `post_logout_redirect_uri`, with `state`) or, when the logout names none, the
 * URL of the provider's own signed-out page.
 *
 * Throws when the provider answers anything else (e.g. an error page for an unregistered
 * `post_logout_redirect_uri`).
 */
export async function endSessionAtProvider(endSessionUrl: string, opts: EndSessionAtProviderOptions = {}): Promise<URL> {
  const { jar = new BrokerCookieJar(), action = 'confirm' } = opts;
  return browse('endSessionAtProvider', endSessionUrl, jar, (html, url, submitted) => {
    const form = confirmForm(html);
    if (submitted || !form) return null; // the provider's signed-out page
    if (action === 'confirm') form.fields.set('logout', 'yes');
    else form.fields.delete('logout');
    return { action: new URL(form.action, url), body: form.fields };
  });
}
