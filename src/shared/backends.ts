/** Inference backends, shared by the page (Settings, `?backend=`) and the worker. */

export const BACKENDS = ['webgpu', 'webgl', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

/** Order tried when the user forces nothing: fastest first. */
export const DEFAULT_BACKEND_ORDER: readonly Backend[] = ['webgpu', 'webgl', 'wasm'];

/** Reads `?backend=` or a Settings value; an unknown name throws, listing the valid ones. */
export function parseBackend(value: string | null | undefined): Backend | undefined {
  if (value === null || value === undefined || value === '' || value === 'auto') return undefined;
  if ((BACKENDS as readonly string[]).includes(value)) return value as Backend;
  throw new TypeError(`Unknown backend "${value}". Valid backends: auto, ${BACKENDS.join(', ')}.`);
}
