const MAX_LENGTH = 2048;

/**
 * Returns `value` when it is a same-origin path (`/x?y#z`), otherwise `/`.
 * Refuses protocol-relative (`//evil`), backslash (`/\evil`), absolute and
 * control-character tricks, and returns the path as the URL parser normalised it.
 *
 * @example safeReturnTo('/account?tab=1', 'https://app.example') // '/account?tab=1'
 * @example safeReturnTo('//evil.example', 'https://app.example') // '/'
 */
export function safeReturnTo(value: string | null | undefined, appUrl: string): string {
  if (!value || value.length > MAX_LENGTH) return '/';
  // Browsers strip tabs/newlines and treat "\" as "/": refuse anything that could be reinterpreted.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\\s]/.test(value)) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  const base = new URL(appUrl);
  let parsed: URL;
  try {
    parsed = new URL(value, base);
  } catch {
    return '/';
  }
  if (parsed.origin !== base.origin) return '/';
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  return path.startsWith('//') ? '/' : path;
}
