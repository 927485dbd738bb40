import type { AuthConfig, Flow } from '../../auth';

/** Options shared by the proxy helper and {@link requireSession}: how to start the sign-in. */
export interface SignInRedirectOptions {
  /** netID flow to start (`login`, `login-permission`, `permission`); default: the configured default flow. */
  flow?: Flow;
}

/**
 * The app-relative login URL that comes back to `returnTo` (a same-origin path; the login route
 * checks it again). Relative, so it works behind any host name.
 */
export function loginUrl(config: AuthConfig, returnTo: string, options: SignInRedirectOptions = {}): string {
  const params = new URLSearchParams({ returnTo });
  if (options.flow) params.set('flow', options.flow);
  return `${config.routes.login}?${params.toString()}`;
}
