/**
 * One half of a `client_secret_basic` credential, form-encoded the way the URL Standard's
 * `application/x-www-form-urlencoded` serializer (`URLSearchParams`) does: `A–Z a–z 0–9 * - . _`
 * stay as they are, space becomes `+`, everything else (`:`, `%`, `+`, `/`, `~`, non-ASCII) is
 * percent-encoded.
 *
 * Why not openid-client's own encoding: it percent-encodes every character outside `[A-Za-z0-9]`
 * (the HTML 4.01 reading of RFC 6749 §2.3.1 / Appendix B), so `rp-basic.enc` goes out as
 * `rp%2Dbasic%2Eenc`. A server that decodes gets the very same bytes either way; one that never
 * decodes (a long-running interop sore: openid-client #134, #161, #236, oauth4webapi #54) then
 * refuses every client id with `-`, `.` or `_`, such as a UUID. This encoding works with both.
 */
export function formEncodeCredential(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/**
 * The `Authorization` header value of HTTP Basic client authentication (RFC 6749 §2.3.1).
 *
 * @example
 * ```ts
 * basicAuthorization('rp-basic.enc', 's3cr3t'); // 'Basic cnAtYmFzaWMuZW5jOnMzY3IzdA=='
 * ```
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formEncodeCredential(clientId)}:${formEncodeCredential(clientSecret)}`).toString('base64')}`;
}
