/**
 * The sign-in error page the package serves by default (Next: `routes.errorPage` of
 * `netIdRouteHandlers`; Express: `netIdErrorPage`), so a cancelled or failed sign-in never lands on a
 * 404 in a new app. Framework-free: `Request` in, HTML `Response` out.
 *
 * @packageDocumentation
 */
export { signInErrorPage } from './page';
export { pickLocale, type Locale } from './texts';
export { signInErrorTexts, type SignInErrorTexts } from './words';
