/** The sign-in error page's words in German and English; `{provider}` is the profile's display name. */
export type Locale = 'de' | 'en';

/** The codes with words of their own; every other code shares `generic`. */
export type ExplainedCode =
  | 'access_denied'
  | 'login_required'
  | 'consent_required'
  | 'account_selection_required'
  | 'transaction_missing'
  | 'state_mismatch'
  | 'invalid_grant'
  | 'provider_unavailable'
  | 'session_expired'
  | 'generic';

export interface ErrorPageTexts {
  title: string;
  tryAgain: string;
  backHome: string;
  code: string;
  messages: Record<ExplainedCode, string>;
}

export const TEXTS: Record<Locale, ErrorPageTexts> = {
  de: {
    title: 'Die Anmeldung hat nicht geklappt',
    tryAgain: 'Erneut versuchen',
    backHome: 'Zurück zur Startseite',
    code: 'Fehlercode für den Support',
    messages: {
      access_denied: 'Sie haben die Anmeldung bei {provider} abgebrochen, oder der Zugriff wurde nicht erlaubt. Es wurde nichts geändert.',
      login_required: 'Die Anmeldung bei {provider} wurde nicht abgeschlossen. Bitte versuchen Sie es erneut.',
      consent_required: 'Sie haben bei {provider} nicht zugestimmt, die angefragten Daten zu teilen. Es wurde nichts geändert.',
      account_selection_required: 'Es wurde kein Konto gewählt. Bitte versuchen Sie es erneut und wählen Sie ein Konto.',
      transaction_missing: 'Die Anmeldung hat zu lange gedauert oder wurde in einem anderen Browserfenster begonnen. Bitte versuchen Sie es erneut.',
      state_mismatch: 'Diese Anmeldung wurde nicht hier begonnen und deshalb zu Ihrer Sicherheit gestoppt. Bitte versuchen Sie es erneut.',
      invalid_grant: 'Die Anmeldung ist abgelaufen, bevor sie abgeschlossen werden konnte. Bitte versuchen Sie es erneut.',
      provider_unavailable: '{provider} ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.',
      session_expired: 'Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.',
      generic: 'Bei der Anmeldung mit {provider} ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.',
    },
  },
  en: {
    title: 'Sign-in did not work',
    tryAgain: 'Try again',
    backHome: 'Back to the home page',
    code: 'Error code for support',
    messages: {
      access_denied: 'You cancelled the sign-in at {provider}, or access was not allowed. Nothing was changed.',
      login_required: 'The sign-in at {provider} was not finished. Please try again.',
      consent_required: 'You did not agree at {provider} to share what this site asked for. Nothing was changed.',
      account_selection_required: 'No account was chosen. Please try again and pick an account.',
      transaction_missing: 'The sign-in took too long or was started in another browser window. Please try again.',
      state_mismatch: 'This sign-in did not start here, so it was stopped for your safety. Please try again.',
      invalid_grant: 'The sign-in expired before it could be completed. Please try again.',
      provider_unavailable: '{provider} cannot be reached right now. Please try again in a moment.',
      session_expired: 'Your session has ended. Please sign in again.',
      generic: 'Something went wrong while signing in with {provider}. Please try again.',
    },
  },
};

/** German unless the browser prefers English (by `Accept-Language` order and weight). */
export function pickLocale(acceptLanguage: string | null): Locale {
  let best: { locale: Locale; q: number } | undefined;
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 20)) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
    const locale = tag.startsWith('de') ? 'de' : tag.startsWith('en') ? 'en' : undefined;
    if (locale && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? 'de';
}

/** Which words explain `code`. */
export function explained(code: string): ExplainedCode {
  switch (code) {
    case 'access_denied':
    case 'login_required':
    case 'consent_required':
    case 'account_selection_required':
    case 'transaction_missing':
    case 'state_mismatch':
    case 'invalid_grant':
    case 'session_expired':
      return code;
    case 'broker_unreachable':
    case 'broker_timeout':
      return 'provider_unavailable';
    default:
      return 'generic';
  }
}
