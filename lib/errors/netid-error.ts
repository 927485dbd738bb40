/** Options every {@link NetIdError} takes. */
export interface NetIdErrorOptions {
  /** HTTP status of the remote answer behind the failure (broker, Permission Center, token server), when there was one. */
  status?: number;
  /** The original failure. It may hold provider or library text: log its class and code, never show it. */
  cause?: unknown;
}

/**
 * The one base class of every error this package throws: a stable `code` to branch on, a
 * `message` that is safe to show (never provider text, a secret or a token), the remote HTTP
 * `status` when there was one, and the original failure as `cause`. Sign-in, configuration,
 * Permission Center and M2M errors are subclasses; catch them all with `instanceof NetIdError`.
 *
 * @example
 * ```ts
 * import { NetIdError } from '@/lib/errors';
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
}
