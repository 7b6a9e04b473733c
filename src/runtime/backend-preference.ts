/**
 * Which backend the user forces, if any: `?backend=` in the address wins, then Settings.
 * Kept in localStorage, which the page alone reads; the worker gets it with each load.
 */
import { parseBackend, type Backend } from '../shared/backends';

const STORAGE_KEY = 'offgrid.backend';

/** The forced backend, or undefined for automatic choice. Throws on an unknown `?backend=` value. */
export function preferredBackend(search: string = location.search): Backend | undefined {
  const fromUrl = new URLSearchParams(search).get('backend');
  if (fromUrl !== null) return parseBackend(fromUrl);
  try {
    return parseBackend(localStorage.getItem(STORAGE_KEY));
  } catch {
    return undefined;
  }
}

export function savedBackend(): Backend | 'auto' {
  try {
    return parseBackend(localStorage.getItem(STORAGE_KEY)) ?? 'auto';
  } catch {
    return 'auto';
  }
}

export function saveBackend(value: Backend | 'auto'): void {
  if (value === 'auto') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, value);
}

/**
 * `?threads=N` in the address: the WebAssembly thread count for both engines on that page (the
 * engines' own rule otherwise). A developer's knob, like `?backend=`; an invalid value throws.
 */
export function wasmThreadsFromUrl(search: string = location.search): number | undefined {
  const value = new URLSearchParams(search).get('threads');
  if (value === null || value === '') return undefined;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64)
    throw new TypeError(`Unknown thread count "${value}": give a whole number from 1 to 64.`);
  return threads;
}
