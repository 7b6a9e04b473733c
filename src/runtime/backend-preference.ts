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
