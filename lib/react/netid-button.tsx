import type { AnchorHTMLAttributes, ReactNode } from 'react';
import type { Flow } from '../auth';
import type { NetIdButtonVariant } from './netid-button-variants';

/** Size of {@link NetIdButton}: the styleguide's 10 pt / 12 pt / 14 pt text, or the default size at full width. */
export type NetIdButtonSize = 'small' | 'default' | 'large' | 'full';

/** Language of the default label. */
export type NetIdButtonLocale = 'de' | 'en';

/** The label netID's styleguide gives for each language. */
export const NETID_BUTTON_LABELS: Readonly<Record<NetIdButtonLocale, string>> = Object.freeze({
  de: 'Mit netID anmelden',
  en: 'Sign in with netID',
});

/** Props of {@link NetIdButton}; any other `<a>` attribute (`data-testid`, `id`, `aria-*`) is passed through. */
export interface NetIdButtonProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'children'> {
  /** The login route; default `/api/auth/login` (the package's route, see `routes.basePath`). */
  loginPath?: string;
  /** `flow` query parameter (`login`, `login-permission`, `permission`); omitted: the route's default. */
  flow?: Flow;
  /** `returnTo` query parameter: the same-origin path to come back to after sign-in. */
  returnTo?: string;
  /** Look; default `white` (passes WCAG 2.1 AA). `green` is the brand colour and fails AA: see {@link NETID_BUTTON_VARIANTS}. */
  variant?: NetIdButtonVariant;
  /** Size; default `default`. */
  size?: NetIdButtonSize;
  /** Language of the default label; default `de` (most netID users are German). */
  locale?: NetIdButtonLocale;
  /** Label instead of the styleguide's ("Mit netID anmelden" / "Sign in with netID"). */
  label?: ReactNode;
  /**
   * Slot for the official netID logo, which this package does not ship (its use is governed by
   * netID's brand terms). Download it from netID's developer portal, put it under your app's
   * `public/` (for example `public/netid/logo.svg`) and pass `logoSrc="/netid/logo.svg"`, or pass
   * your own element as `logo`. The image is decorative (`alt=""`): the label names the action.
   */
  logoSrc?: string;
  /** Your own logo element instead of `logoSrc`. */
  logo?: ReactNode;
}

/**
 * The `href` of the button: the login path with `flow` and `returnTo` as query parameters. Not
 * public: the package's login URL builder is the core's `auth.loginPath(flow, returnTo)` (which
 * also checks `returnTo`); a browser component has no configuration, so this one only encodes,
 * and the login route checks `returnTo` when the link is followed.
 */
export function netIdLoginHref(loginPath = '/api/auth/login', flow?: Flow, returnTo?: string): string {
  const query = new URLSearchParams();
  if (flow) query.set('flow', flow);
  if (returnTo) query.set('returnTo', returnTo);
  const qs = query.toString();
  return qs ? `${loginPath}?${qs}` : loginPath;
}

/**
 * netID's sign-in button as a plain link to the login route: it renders on the server and works
 * without any client JavaScript (no `'use client'`, no handlers). Styles come from
 * `lib/react/netid-button.css` (import it once, e.g. from your global stylesheet) and the font
 * from `@fontsource/ibm-plex-sans` (`import '@fontsource/ibm-plex-sans/latin-600.css'` in your
 * root layout, so your bundler serves it: no font CDN).
 *
 * @example
 * ```tsx
 * import { NetIdButton } from 'netid-rp/react';
 *
 * export function SignIn() {
 *   return <NetIdButton flow="login-permission" returnTo="/consent" locale="en" size="full" />;
 * }
 * ```
 */
export function NetIdButton({
  loginPath,
  flow,
  returnTo,
  variant = 'white',
  size = 'default',
  locale = 'de',
  label,
  logoSrc,
  logo,
  className,
  ...rest
}: NetIdButtonProps) {
  const classes = ['netid-button', `netid-button--${variant}`];
  if (size !== 'default') classes.push(`netid-button--${size}`);
  if (className) classes.push(className);
  const mark = logo ?? (logoSrc ? <img className="netid-button__logo" src={logoSrc} alt="" width={20} height={20} /> : null);
  return (
    <a {...rest} className={classes.join(' ')} href={netIdLoginHref(loginPath, flow, returnTo)}>
      {mark}
      <span className="netid-button__label">{label ?? NETID_BUTTON_LABELS[locale]}</span>
    </a>
  );
}
