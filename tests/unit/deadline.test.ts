import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDeadline } from '@/lib/http/deadline';
import { transportFailure } from '@/lib/http';

afterEach(() => {
  vi.useRealTimers();
});

describe('startDeadline', () => {
  it('aborts with a TimeoutError once the deadline passes, and leaves nothing behind', () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const { signal } = startDeadline(50, caller.signal);
    vi.advanceTimersByTime(49);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
    expect(transportFailure(signal.reason)).toBe('timeout');
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it("aborts with the caller's reason when the caller aborts, and clears the timer", () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const { signal } = startDeadline(10_000, caller.signal);
    const reason = new Error('caller gave up');
    caller.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('is aborted at once, with no timer, when the caller signal was aborted already', () => {
    vi.useFakeTimers();
    const reason = new Error('already');
    const { signal } = startDeadline(10_000, AbortSignal.abort(reason));
    expect(signal.reason).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('release clears the timer and the caller listener: nothing fires afterwards', () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const { signal, release } = startDeadline(10_000, caller.signal);
    expect(vi.getTimerCount()).toBe(1);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    release();
    release(); // twice is harmless
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    vi.advanceTimersByTime(20_000);
    caller.abort(new Error('late'));
    expect(signal.aborted).toBe(false);
  });

  it('works without a caller signal', () => {
    vi.useFakeTimers();
    const { signal, release } = startDeadline(10);
    vi.advanceTimersByTime(10);
    expect((signal.reason as Error).name).toBe('TimeoutError');
    release();
    expect(vi.getTimerCount()).toBe(0);
  });
});
