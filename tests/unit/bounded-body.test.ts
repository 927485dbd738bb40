import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { readBoundedBody } from '@/lib/http';

/** A source over fixed chunks that records how far it was read and whether it was dropped. */
function source(chunks: string[], declaredLength: string | null = null) {
  const queue = chunks.map((c) => new TextEncoder().encode(c));
  const read = vi.fn(() => Promise.resolve(queue.length ? { done: false, value: queue.shift()! } : { done: true }));
  const drop = vi.fn();
  return { declaredLength, read, drop, left: () => queue.length };
}

describe('readBoundedBody', () => {
  it('returns the whole body up to and including the limit', async () => {
    const s = source(['ab', 'cd']);
    expect((await readBoundedBody(s, 4))?.toString('utf8')).toBe('abcd');
    expect(s.drop).not.toHaveBeenCalled();
    expect((await readBoundedBody(source([]), 4))?.byteLength).toBe(0);
  });

  it('refuses a declared length over the limit without reading a byte', async () => {
    const s = source(['ab'], '5');
    expect(await readBoundedBody(s, 4)).toBeNull();
    expect(s.read).not.toHaveBeenCalled();
    expect(s.drop).toHaveBeenCalledTimes(1);
  });

  it('stops at the first chunk that goes over the limit and drops the rest', async () => {
    const s = source(['ab', 'cde', 'f', 'g']);
    expect(await readBoundedBody(s, 4)).toBeNull();
    expect(s.drop).toHaveBeenCalledTimes(1);
    expect(s.left()).toBe(2);
  });

  it('waits for drop before answering, declared or read', async () => {
    for (const declared of ['5', null]) {
      let dropped = false;
      const s = { ...source(['abcde'], declared), drop: () => new Promise<void>((r) => setTimeout(() => ((dropped = true), r()), 5)) };
      expect(await readBoundedBody(s, 4)).toBeNull();
      expect(dropped, `declared ${declared}`).toBe(true);
    }
  });

  it('passes a read failure on', async () => {
    const failure = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    await expect(readBoundedBody({ declaredLength: null, read: () => Promise.reject(failure), drop: () => {} }, 4)).rejects.toBe(failure);
  });

  it('reads a web stream reader and a Node stream iterator alike', async () => {
    const reader = new Response('web body').body!.getReader();
    expect((await readBoundedBody({ declaredLength: null, read: () => reader.read(), drop: () => reader.cancel() }, 64))?.toString()).toBe('web body');
    const node = Readable.from([Buffer.from('node '), Buffer.from('body')]);
    const chunks = node[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    expect((await readBoundedBody({ declaredLength: null, read: () => chunks.next(), drop: () => void node.destroy() }, 64))?.toString()).toBe('node body');
  });
});
