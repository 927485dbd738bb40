import { ConfigError, NetIdError, type ConfigIssue, type ErrorAnswer } from '../errors';

/**
 * Stable error codes of the machine-to-machine token source (listed in docs/errors.md). Callers branch on `code`.
 * A profile that is incomplete or wrong (environment, file or object) is a `ConfigError` (`config_invalid`)
 * instead, like every configuration problem of the package; its `issues` name every problem.
 * - `discovery_failed`: the issuer's discovery document could not be read or was not usable;
 * - `token_endpoint_error`: the token endpoint answered with an error status (see `status`,
 *   `serverError`, `serverErrorDescription`);
 * - `invalid_response`: a body that is empty, HTML, not JSON, or JSON without a usable token;
 * - `timeout`: no answer within the configured time;
 * - `network_error`: the server could not be reached (refused, DNS, reset).
 */
export type M2MErrorCode =
  | 'discovery_failed'
  | 'token_endpoint_error'
  | 'invalid_response'
  | 'timeout'
  | 'network_error';

/** What an {@link M2MError} may carry besides its code. */
export interface M2MErrorDetails {
  /** HTTP status of the token endpoint's answer, when there was one. */
  status?: number;
  /** The server's `error` value (OAuth `error`, or Screening Eagle's `error`). */
  serverError?: string;
  /** The server's description (`error_description`, or Screening Eagle's `errorDescription`). */
  serverErrorDescription?: string;
  /** The original error (may hold library or server text: do not show it to end users). */
  cause?: unknown;
}

/** One configuration problem: the variable (or field) and what is wrong, never its value (a `ConfigIssue`). */
export type M2MConfigIssue = ConfigIssue;

/** The `ConfigError` of an incomplete or wrong M2M profile: lists every problem, answers 500 `config_invalid`. */
export function m2mConfigError(issues: ConfigIssue[]): ConfigError {
  return new ConfigError(issues, 'Invalid machine-to-machine profile', 'The machine-to-machine profile is not configured correctly.');
}

const SUMMARY: Record<M2MErrorCode, string> = {
  discovery_failed: 'The token server could not be discovered.',
  token_endpoint_error: 'The token server refused to issue a token.',
  invalid_response: 'The token server sent a response that could not be understood.',
  timeout: 'The token server did not answer in time.',
  network_error: 'The token server could not be reached.',
};

/** Every {@link M2MErrorCode}, in the order of the message table. */
export const M2M_ERROR_CODES: readonly M2MErrorCode[] = Object.freeze(Object.keys(SUMMARY) as M2MErrorCode[]);

/** HTTP status of a route that answers an {@link M2MError}: the token server failed us (502), was too slow (504), or we are misconfigured (500). */
const ROUTE_STATUS: Record<M2MErrorCode, number> = {
  discovery_failed: 502,
  token_endpoint_error: 502,
  invalid_response: 502,
  timeout: 504,
  network_error: 502,
};

/** Server-supplied text is kept short and single-line before it goes anywhere. */
const MAX_SERVER_TEXT = 300;

/** Trims server-supplied text to one line of at most 300 characters (control characters removed). */
export function cleanServerText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > MAX_SERVER_TEXT ? `${text.slice(0, MAX_SERVER_TEXT)}…` : text;
}

function buildMessage(code: M2MErrorCode, details: M2MErrorDetails): string {
  const parts = [SUMMARY[code]];
  if (details.status !== undefined) parts.push(`HTTP ${details.status}`);
  if (details.serverError) parts.push(`error: ${details.serverError}`);
  return parts.join(' ');
}

/**
 * The one error type of `lib/m2m` (a {@link NetIdError}): a stable {@link M2MErrorCode}, the
 * HTTP status and the server's error and description when the token endpoint sent them, and
 * the original as `cause`. The message never contains a secret, an assertion or a token.
 *
 * @example
 * ```ts
 * import type { TokenSource } from 'netid-rp/m2m';
 * declare const source: TokenSource;
 * declare function rotateSecret(): void;
 * try {
 *   await source.getToken();
 * } catch (err) {
 *   if (err instanceof M2MError && err.code === 'token_endpoint_error' && err.status === 401) rotateSecret();
 *   throw err;
 * }
 * ```
 */
export class M2MError extends NetIdError<M2MErrorCode> {
  /** The server's `error`, if it sent one. */
  readonly serverError: string | undefined;
  /** The server's error description, if it sent one (whichever field name it used). */
  readonly serverErrorDescription: string | undefined;

  constructor(code: M2MErrorCode, details: M2MErrorDetails = {}) {
    const serverError = cleanServerText(details.serverError);
    const serverErrorDescription = cleanServerText(details.serverErrorDescription);
    super(code, buildMessage(code, { ...details, serverError }), { status: details.status, cause: details.cause });
    this.name = 'M2MError';
    this.serverError = serverError;
    this.serverErrorDescription = serverErrorDescription;
  }

  /**
   * A route that fails because of the token server answers its code with the summary only
   * (no server text): 504 for `timeout`, else 502.
   */
  override httpAnswer(): ErrorAnswer {
    return { status: ROUTE_STATUS[this.code], error: this.code, message: SUMMARY[this.code] };
  }

  /** Plain JSON for logs and the CLI: code, status, server error and description. No cause. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { error: this.code, message: SUMMARY[this.code] };
    if (this.status !== undefined) json.status = this.status;
    if (this.serverError !== undefined) json.server_error = this.serverError;
    if (this.serverErrorDescription !== undefined) json.server_error_description = this.serverErrorDescription;
    return json;
  }
}
