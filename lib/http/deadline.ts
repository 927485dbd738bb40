/**
 * The deadline of one outbound exchange, joined with the caller's abort signal: the bookkeeping
 * that `outboundFetch` and `outboundText` share.
 *
 * A plain `setTimeout` on an `AbortController`, not `AbortSignal.timeout()` / `AbortSignal.any()`:
 * inside a Next.js route handler their bookkeeping kept each request's AsyncLocalStorage store
 * alive long after the exchange (issue 15, see outbound-fetch.ts). Here nothing outlives
 * {@link Deadline.release}: the timer is cleared and the listener on the caller's signal removed.
 *
 * @module
 */

/** The signal of one exchange, and the end of its bookkeeping. */
export interface Deadline {
  /**
   * Aborts with a `DOMException` named `TimeoutError` once the deadline passes, or with the
   * caller's reason when the caller's signal aborts (at once when it was aborted already).
   */
  readonly signal: AbortSignal;
  /** Clears the timer and removes the listener on the caller's signal; safe to call more than once. */
  release(): void;
}

/**
 * Starts a deadline of `timeoutMs` milliseconds joined with `callerSignal`. Either one firing
 * releases the bookkeeping itself; otherwise call {@link Deadline.release} when the exchange is over.
 */
export function startDeadline(timeoutMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onCallerAbort = (): void => abort(callerSignal!.reason);
  const release = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    callerSignal?.removeEventListener('abort', onCallerAbort);
  };
  function abort(reason: unknown): void {
    release();
    controller.abort(reason);
  }
  if (callerSignal?.aborted) {
    controller.abort(callerSignal.reason);
  } else {
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    timer = setTimeout(() => abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
    timer.unref?.();
  }
  return { signal: controller.signal, release };
}
