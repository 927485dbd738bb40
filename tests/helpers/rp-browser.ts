import type { NetIdAuth } from '@/lib/auth';
import { signInAtBroker, type SignInAtBrokerOptions } from './broker-login';
import { CookieJar } from './cookie-jar';

type Route = 'login' | 'callback' | 'logout' | 'session';

/**
 * Plays the browser against the RP core in-process (no Next.js): keeps the RP's cookies,
 * follows the redirect to the real embedded broker over HTTP, and comes back to the callback.
 */
export class RpBrowser {
  readonly jar = new CookieJar();

  constructor(
    readonly auth: NetIdAuth,
    readonly appUrl: string,
  ) {}

  /** Calls one RP route with the jar's cookies and stores what it sets. */
  async call(route: Route, pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header();
    if (cookie) headers.set('cookie', cookie);
    const request = new Request(new URL(pathAndQuery, this.appUrl), { ...init, headers });
    const response = await this.auth[route](request);
    this.jar.store(response);
    return response;
  }

  /** `GET /api/auth/login?…`, returning the broker authorize URL it redirects to. */
  async startLogin(query = ''): Promise<URL> {
    const res = await this.call('login', `/api/auth/login${query}`);
    if (res.status !== 302) throw new Error(`login answered ${res.status}`);
    return new URL(res.headers.get('location')!);
  }

  /** Delivers a broker redirect (code/state or error) to the RP callback. */
  async deliver(callback: URL): Promise<Response> {
    return this.call('callback', `/api/auth/callback${callback.search}`);
  }

  /** The whole flow: login → broker sign-in page → callback. Returns the callback response. */
  async signIn(query = '', opts: SignInAtBrokerOptions = {}): Promise<Response> {
    const authorize = await this.startLogin(query);
    const callback = await signInAtBroker(authorize.href, opts);
    return this.deliver(callback);
  }

  /** `GET /api/auth/session` as JSON with its status. */
  async session(): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await this.call('session', '/api/auth/session');
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
}

/** The error code of an error-page redirect, or null. */
export function errorCodeOf(response: Response): string | null {
  const location = response.headers.get('location');
  if (!location?.startsWith('/auth/error')) return null;
  return new URL(location, 'http://x').searchParams.get('code');
}
