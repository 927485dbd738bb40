import { INTERNAL_ERROR_ANSWER, NetIdError, type ErrorAnswer } from '../errors';

/** On every answer of ours: never cached (it may describe a session), never MIME-sniffed into something else. */
const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

/** Header init of {@link json} without cookies: a plain object, which the Response copies once (a `Headers` would be built, then copied). */
const JSON_NO_STORE = { ...NO_STORE, 'content-type': 'application/json' } as const;

/**
 * Seconds a client should wait before it tries again after a 503 (a store or service that did not
 * answer): every 503 of ours says so in `Retry-After`.
 */
export const RETRY_AFTER_SECONDS = 5;

/** Header init of a 503 JSON answer: {@link JSON_NO_STORE} and `Retry-After`. */
const JSON_UNAVAILABLE = { ...JSON_NO_STORE, 'retry-after': String(RETRY_AFTER_SECONDS) } as const;

/** The header init of a JSON answer with `status`: {@link JSON_NO_STORE}, and `Retry-After` on a 503. */
const jsonHeaders = (status: number) => (status === 503 ? JSON_UNAVAILABLE : JSON_NO_STORE);

/** A JSON response that is never cached (it may describe a session) and never sniffed; a 503 carries `Retry-After`. */
export function json(body: unknown, status = 200, setCookies: string[] = []): Response {
  if (setCookies.length === 0) return jsonText(JSON.stringify(body), status);
  const headers = new Headers(jsonHeaders(status));
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(JSON.stringify(body), { status, headers });
}

/** {@link json} for a body already serialized (a route that reuses its JSON text), without cookies. */
export function jsonText(text: string, status = 200): Response {
  return new Response(text, { status, headers: jsonHeaders(status) });
}

/** A redirect with any number of Set-Cookie headers. */
export function redirect(location: string, status: 302 | 303 = 302, setCookies: string[] = []): Response {
  const headers = new Headers({ ...NO_STORE, location });
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(null, { status, headers });
}


/**
 * How our routes answer a thrown value: a {@link NetIdError} as its family documents it
 * (`httpAnswer()`, see docs/errors.md), anything else as 500 `internal_error` with a generic message.
 */
export function errorAnswer(err: unknown): ErrorAnswer {
  return err instanceof NetIdError ? err.httpAnswer() : { ...INTERNAL_ERROR_ANSWER };
}

/** What {@link errorResponse} adds to the answer. */
export interface ErrorResponseInit {
  /** Set-Cookie header values (e.g. ending the session). */
  setCookies?: string[];
  /** Extra string fields of the body after `error` and `message` (e.g. `reauthenticate`); they never replace those two. */
  extra?: Record<string, string>;
  /** A route's own safe wording instead of the error's message. */
  message?: string;
}

/** `{ error, message, ...extra }` JSON with the answer's status, never cached. */
export function errorAnswerResponse(answer: ErrorAnswer, init: ErrorResponseInit = {}): Response {
  const body: Record<string, string> = { error: answer.error, message: init.message ?? answer.message };
  for (const [key, value] of Object.entries(init.extra ?? {})) if (key !== 'error' && key !== 'message') body[key] = value;
  return json(body, answer.status, init.setCookies ?? []);
}

/**
 * The one JSON error response of every route: `{ error, message }` with the HTTP status our
 * route answers for `err` (its `httpAnswer()`, 500 `internal_error` for anything that is not a `NetIdError`) and `cache-control: no-store`.
 *
 * @example
 * ```ts
 * import { errorResponse } from 'netid-rp';
 * export async function GET(): Promise<Response> {
 *   try {
 *     return Response.json(await work());
 *   } catch (err) {
 *     return errorResponse(err); // AuthError, PermissionCenterError, M2MError, ConfigError, or 500 internal_error
 *   }
 * }
 * declare function work(): Promise<unknown>;
 * ```
 */
export function errorResponse(err: unknown, init: ErrorResponseInit = {}): Response {
  return errorAnswerResponse(errorAnswer(err), init);
}

/** `errorResponse(err, { setCookies })`. */
export function jsonError(err: unknown, setCookies: string[] = []): Response {
  return errorResponse(err, { setCookies });
}
