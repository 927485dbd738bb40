import type { Flow } from '../../auth';

/**
 * Options shared by the proxy helper and {@link requireSession}: how to start the sign-in. The
 * login URL itself is built by the core's `auth.loginPath(flow, returnTo)`, the package's one builder.
 */
export interface SignInRedirectOptions {
  /** netID flow to start (`login`, `login-permission`, `permission`); default: the configured default flow. */
  flow?: Flow;
}
