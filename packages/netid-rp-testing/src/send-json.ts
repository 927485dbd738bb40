import type { ServerResponse } from 'node:http';

/**
 * Answers JSON from an embedded dev/test server, never cacheable (`Cache-Control: no-store`,
 * `Pragma: no-cache`, as RFC 6749 asks of token responses), with optional extra headers
 * such as `WWW-Authenticate`.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', pragma: 'no-cache', ...headers });
  res.end(text);
}
