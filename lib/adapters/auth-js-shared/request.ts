/** The headers of a request as the adapters accept them: Web `Headers` or a Node-style record. */
export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

/** The `cookie` header of either kind of headers (a repeated Node header joined with `; `), `''` when absent. */
export function cookieHeader(headers: HeadersLike): string {
  if (headers instanceof Headers) return headers.get('cookie') ?? '';
  const value = headers.cookie;
  return Array.isArray(value) ? value.join('; ') : (value ?? '');
}
