/**
 * The one bounded body read of the library's outbound calls: `outboundText` (undici's Node
 * stream) and the BFF upstream proxy (a `fetch` answer's web stream) both keep an answer only up
 * to a byte limit and drop the connection beyond it.
 *
 * @module
 */

/** A body to read, whatever stream it comes from. */
export interface BoundedBodySource {
  /** The answer's `content-length` header, if any: a declared length over the limit is not read at all. */
  declaredLength: string | null | undefined;
  /** The next chunk: a web stream reader's `read()` or a Node stream's async iterator `next()`. */
  read(): Promise<{ done?: boolean; value?: Uint8Array }>;
  /** Stops the transfer when the body is too large (the rest is not read); awaited, must not reject. */
  drop(): void | Promise<void>;
}

/**
 * The whole body, or `null` when it (declared or read) is over `maxBytes`: then
 * {@link BoundedBodySource.drop} has been called and nothing more is read.
 *
 * @example
 * ```ts
 * declare const response: Response;
 * const reader = response.body!.getReader();
 * const body = await readBoundedBody(
 *   { declaredLength: response.headers.get('content-length'), read: () => reader.read(), drop: () => reader.cancel().catch(() => {}) },
 *   1024 * 1024,
 * );
 * if (body === null) console.log('too large');
 * ```
 */
export async function readBoundedBody(source: BoundedBodySource, maxBytes: number): Promise<Buffer | null> {
  if (Number(source.declaredLength ?? 0) > maxBytes) {
    await source.drop();
    return null;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await source.read();
    if (done || !value) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await source.drop();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
