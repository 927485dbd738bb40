import { explained, TEXTS } from './texts';

/** The words of the sign-in error page in one language, for one error code. */
export interface SignInErrorTexts {
  /** The page heading. */
  title: string;
  /** What a failure with this code means for the user, in plain words, with the provider's name filled in. */
  message: string;
  /** Label of the link that starts the sign-in again. */
  tryAgain: string;
  /** Label of the link to the home page. */
  backHome: string;
  /** Label in front of the stable error code shown for support. */
  codeLabel: string;
}

/**
 * The German or English words the package's own sign-in error page (`routes.errorPage` of
 * `netid-rp/next`, `netIdErrorPage` of `netid-rp/express`) shows for an error `code`, for an app
 * that renders its own page at that path. Codes without words of their own (including unknown
 * ones) get the general explanation; `broker_unreachable` and `broker_timeout` say the provider
 * cannot be reached. Never includes provider text: only `code` picks the words.
 *
 * @param code - The stable error code from the `code` query (`AuthErrorCode`), or anything else.
 * @param locale - `'de'` or `'en'`.
 * @param provider - The provider's display name (`auth.config().profile.name`); default `netID`.
 *
 * @example
 * ```ts
 * import { signInErrorTexts } from 'netid-rp';
 * const t = signInErrorTexts('access_denied', 'en');
 * t.message; // 'You cancelled the sign-in at netID, or access was not allowed. Nothing was changed.'
 * ```
 */
export function signInErrorTexts(code: string, locale: 'de' | 'en', provider = 'netID'): SignInErrorTexts {
  const t = TEXTS[locale];
  return {
    title: t.title,
    message: t.messages[explained(code)].replaceAll('{provider}', provider),
    tryAgain: t.tryAgain,
    backHome: t.backHome,
    codeLabel: t.code,
  };
}
