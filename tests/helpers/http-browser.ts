import { signInAtBroker, type SignInAtBrokerOptions } from './broker-login';
import { CookieJar } from './cookie-jar';

/** A browser stand-in for an app served over HTTP: one cookie jar, manual redirects. */
export class HttpBrowser {
  readonly jar = new CookieJar();

  constructor(readonly appUrl: string) {}

  /** A request to the app with the jar's cookies; stores what it sets. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header();
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(new URL(path, this.appUrl), { ...init, headers, redirect: 'manual' });
    this.jar.store(response);
    return response;
  }

  /** `GET /api/auth/login?…`, returning the broker authorize URL it redirects to. */
  async startLogin(query = '?flow=login-permission'): Promise<URL> {
    const login = await this.fetch(`/api/auth/login${query}`);
    const authorize = login.headers.get('location');
    if (login.status !== 302 || !authorize) throw new Error(`login answered ${login.status}`);
    return new URL(authorize);
  }

  /** Delivers a broker redirect (code/state or error) to the app's callback. */
  deliver(callback: URL): Promise<Response> {
    return this.fetch(`${callback.pathname}${callback.search}`);
  }

  /** login → broker sign-in page → callback; returns the callback response. */
  async signIn(query = '?flow=login-permission', opts: SignInAtBrokerOptions = {}): Promise<Response> {
    return this.deliver(await signInAtBroker((await this.startLogin(query)).href, opts));
  }
}
