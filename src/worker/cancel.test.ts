import { describe, expect, it } from 'vitest';
import { abortCall, cancellable, takeAborted, throwIfAborted } from './cancel';

describe('stopping calls', () => {
  it('an abort that comes first stops the call as it starts', async () => {
    abortCall(1);
    const seen = await cancellable(1, async (signal) => signal.aborted);
    expect(seen).toBe(true);
    // Used up: the same id runs freely afterwards.
    expect(await cancellable(1, async (signal) => signal.aborted)).toBe(false);
  });

  it('an abort during a long call reaches its signal at once', async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const call = cancellable(2, (signal) => {
      started();
      return new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve('stopped')));
    });
    await running;
    abortCall(2);
    expect(await call).toBe('stopped');
  });

  it('a step-by-step call sees its abort between steps, once', () => {
    expect(() => throwIfAborted(3)).not.toThrow();
    abortCall(3);
    expect(() => throwIfAborted(3)).toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(takeAborted(3)).toBe(true);
    expect(takeAborted(3)).toBe(false);
    expect(() => throwIfAborted(3)).not.toThrow();
  });
});
