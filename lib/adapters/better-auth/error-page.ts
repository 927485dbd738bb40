import { isAuthErrorCode } from '../../auth';

/**
 * Better Auth's error page (or the app's `errorCallbackURL`) for a netID failure: `?error=<stable code>`
 * only. A broker `error` the core knows (`access_denied`, `login_required`, …) stays itself, anything
 * else reads `authorization_failed`; the broker's `error_description` never reaches a page.
 */
export function brokerErrorPage(errorURL: string, error: string): string {
  const url = new URL(errorURL);
  url.searchParams.delete('error_description');
  url.searchParams.set('error', isAuthErrorCode(error) ? error : 'authorization_failed');
  return url.toString();
}
