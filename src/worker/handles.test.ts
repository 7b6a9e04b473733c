import { describe, expect, it, vi } from 'vitest';
import {
  addHandle,
  findHandle,
  getHandle,
  handlesOf,
  heldHandles,
  releaseHandle,
  replaceHandle,
  type HandleKind,
} from './handles';

describe('the handle table', () => {
  const released: string[] = [];
  const MODEL: HandleKind<{ name: string }> = { noun: 'Model', release: (v) => released.push(v.name) };
  const TRANSLATOR: HandleKind<{ name: string }> = {
    noun: 'Translator',
    release: (v) => released.push(v.name),
  };

  it('gives each value its own handle and finds it only under its own kind', () => {
    const a = addHandle(MODEL, { name: 'a' });
    const b = addHandle(TRANSLATOR, { name: 'b' });
    expect(a).not.toBe(b);
    expect(getHandle(a, MODEL).name).toBe('a');
    expect(findHandle(a, TRANSLATOR)).toBeUndefined();
    expect(() => getHandle(a, TRANSLATOR)).toThrow(
      `Translator ${a} is not loaded in this worker (it may have restarted). Load it again.`,
    );
    expect(() => getHandle(9999, MODEL)).toThrow(/^Model 9999 is not loaded in this worker/);
  });

  it('lists the values of one kind, replaces one in place, and releases by handle whatever it holds', async () => {
    const KIND: HandleKind<{ name: string }> = { noun: 'Session', release: vi.fn() };
    const first = addHandle(KIND, { name: 'first' });
    const second = addHandle(KIND, { name: 'second' });
    expect(handlesOf(KIND).map((v) => v.name)).toEqual(['first', 'second']);
    replaceHandle(first, KIND, { name: 'again' });
    expect(getHandle(first, KIND).name).toBe('again');
    expect(() => replaceHandle(first, MODEL, { name: 'x' })).toThrow(/Model/);

    await releaseHandle(first);
    expect(KIND.release).toHaveBeenCalledWith({ name: 'again' });
    expect(findHandle(first, KIND)).toBeUndefined();
    expect(handlesOf(KIND).map((v) => v.name)).toEqual(['second']);
    // Released once: a second release, or an unknown handle, does nothing.
    await releaseHandle(first);
    await releaseHandle(123456);
    expect(KIND.release).toHaveBeenCalledTimes(1);
    void second;
  });

  it('waits for an asynchronous release', async () => {
    let done = false;
    const SLOW: HandleKind<number> = {
      noun: 'Slow',
      release: () => new Promise<void>((resolve) => setTimeout(() => ((done = true), resolve()), 5)),
    };
    await releaseHandle(addHandle(SLOW, 1));
    expect(done).toBe(true);
  });
});

describe('what the table holds', () => {
  it('lists every handle with its noun, oldest first, and drops one once released', async () => {
    const held = () => heldHandles().filter((h) => h.noun === 'Probe' || h.noun === 'Other');
    const PROBE: HandleKind<number> = { noun: 'Probe', release: () => undefined };
    const OTHER: HandleKind<number> = { noun: 'Other', release: () => undefined };
    const a = addHandle(PROBE, 1);
    const b = addHandle(OTHER, 2);
    expect(held()).toEqual([
      { handle: a, noun: 'Probe' },
      { handle: b, noun: 'Other' },
    ]);
    await releaseHandle(a);
    expect(held()).toEqual([{ handle: b, noun: 'Other' }]);
    await releaseHandle(b);
    expect(held()).toEqual([]);
  });
});
