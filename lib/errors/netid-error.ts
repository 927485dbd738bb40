/** Options every {@link NetIdError} takes. */
export interface NetIdErrorOptions {
  /** HTTP status of the remote answer behind the failure (broker, Permission Center, token server), when there was one. */
  status?: number;
  /** The original failure. It may hold provider or library text: log its class and code, never show it. */
  cause?: unknown;
}

/**
 * How one of our HTTP routes answers an error: the JSON body `{ error, message }` and the status
 * of OUR response (not the remote `status` of the error). Codes are listed in docs/errors.md.
 */
export interface ErrorAnswer {
  /** HTTP status of our response. */
  status: number;
  /** The public, documented code: the JSON body's `error`. */
  error: string;
  /** Safe text for the JSON body's `message`: never provider text, a secret or a token. */
  message: string;
}

/**
 * The one base class of every error this package throws: a stable `code` to branch on, a
 * `message` that is safe to show (never provider text, a secret or a token), the remote HTTP
 * `status` when there was one, and the original failure as `cause`. Sign-in, configuration,
 * Permission Center and M2M errors are subclasses; catch them all with `instanceof NetIdError`.
 * Each one knows how our routes answer it ({@link NetIdError.httpAnswer}); `errorResponse` in
 * `lib/http` turns any of them into that JSON response.
 *
 * @example
 * ```ts
 * import { NetIdError } from 'netid-rp';
 * try {
 *   await doSomething();
 * } catch (err) {
 *   if (err instanceof NetIdError) console.warn(err.code, err.status);
 *   else throw err;
 * }
 * declare function doSomething(): Promise<void>;
 * ```
 */
export class NetIdError<Code extends string = string> extends Error {
  /** Stable machine-readable code. */
  readonly code: Code;
  /** HTTP status of the remote answer behind the failure, if any. */
  readonly status: number | undefined;

  constructor(code: Code, message: string, options: NetIdErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
  }

  /**
   * How our routes answer this error. The base answers 500 with its own code and (safe)
   * message; each family overrides this with its documented mapping.
   */
  httpAnswer(): ErrorAnswer {
    return { status: 500, error: this.code, message: this.message };
  }
}
