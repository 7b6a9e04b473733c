/**
 * A localStorage for tests that run in Node, which has none: the backend choice and preference
 * tests read and write through it. Test-only.
 */

/** Installs a Map-backed localStorage on globalThis; returns the map, to clear or inspect. */
export function fakeLocalStorage(): Map<string, string> {
  const store = new Map<string, string>();
  Object.assign(globalThis, {
    localStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
      removeItem: (k: string) => store.delete(k),
    },
  });
  return store;
}
