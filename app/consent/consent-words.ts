import type { NetIdUserStatus } from 'netid-rp/permission-center';
import type { Dictionary, Locale } from '@/app/_i18n';

type ConsentTexts = Dictionary['consent'];

/** The user's current choice: `undecided` covers `PERMISSIONS_NOT_FOUND` and a status without ID consent. */
export type Choice = { state: 'undecided' } | { state: 'granted' | 'revoked'; changedAt: string };

/** The choice a status read describes. */
export function choiceOf(status: NetIdUserStatus): Choice {
  const consent = status.status_code === 'PERMISSIONS_FOUND' ? status.netid_privacy_settings.idconsent : undefined;
  if (!consent) return { state: 'undecided' };
  return { state: consent.status === 'VALID' ? 'granted' : 'revoked', changedAt: consent.changed_at };
}

/** A Permission Center timestamp as a date people read, in their language (the browser's time zone). */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' }).format(date);
}

/** The plain-words text for an error code of `/api/permissions`. */
export function errorText(code: string, t: ConsentTexts): string {
  switch (code) {
    case 'permission_token_expired':
    case 'permission_token_missing':
    case 'account_gone':
    case 'unauthenticated':
    case 'network_error':
      return t.errors[code];
    case 'permission_center_unreachable':
    case 'permission_center_timeout':
    case 'permission_center_error':
      return t.errors.unavailable;
    default:
      return t.errors.generic;
  }
}
