import { describe, expect, it } from 'vitest';
import { createMemoryRefreshCoordinator } from '@/lib/auth/refresh-coordinator';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('memory refresh coordinator', () => {
  it('runs one refresh for many concurrent callers of the same key', async () => {
    const c = createMemoryRefreshCoordinator();
    let calls = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        c.run('rt-1', async () => {
          calls += 1;
          await tick();
          return { token: 'new' };
        }),
      ),
    );
    expect(calls).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it('serves a late caller with the old key the same result during the grace period', async () => {
    const c = createMemoryRefreshCoordinator({ graceMs: 1000 });
    let calls = 0;
    const first = await c.run('rt-old', async () => ({ n: ++calls }));
    const late = await c.run('rt-old', async () => ({ n: ++calls }));
    expect(late).toBe(first);
    expect(calls).toBe(1);
  });

  it('keeps different keys apart', async () => {
    const c = createMemoryRefreshCoordinator();
    const a = await c.run('a', async () => ({ k: 'a' }));
    const b = await c.run('b', async () => ({ k: 'b' }));
    expect([a, b]).toEqual([{ k: 'a' }, { k: 'b' }]);
  });

  it('rejects all waiters on failure and never caches it', async () => {
    const c = createMemoryRefreshCoordinator();
    let calls = 0;
    const failing = () =>
      c.run('rt', async () => {
        calls += 1;
        await tick();
        throw new Error('invalid_grant');
      });
    const settled = await Promise.allSettled([failing(), failing(), failing()]);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect(calls).toBe(1);
    await expect(c.run('rt', async () => ({ ok: true }))).resolves.toEqual({ ok: true });
  });

  it('expires results after the grace period', async () => {
    const c = createMemoryRefreshCoordinator({ graceMs: 20 });
    let calls = 0;
    await c.run('k', async () => ({ n: ++calls }));
    await new Promise((r) => setTimeout(r, 40));
    await c.run('k', async () => ({ n: ++calls }));
    expect(calls).toBe(2);
  });
});
