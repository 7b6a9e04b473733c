/**
 * Backend choice: try each backend in order; a backend is skipped when it fails to start or
 * fails its golden self-test, and the reason is kept so the UI can say why it fell back.
 */
import { DEFAULT_BACKEND_ORDER, type Backend } from '../shared/backends';
import type { SkippedBackend } from './types';

/** The order to try: the forced backend first (then the rest, so the app still works), else the default. */
export function backendOrder(forced?: Backend): Backend[] {
  return forced ? [forced, ...DEFAULT_BACKEND_ORDER.filter((b) => b !== forced)] : [...DEFAULT_BACKEND_ORDER];
}

export interface Choice {
  backend: Backend;
  skipped: SkippedBackend[];
}

/**
 * Returns the first backend for which `attempt` resolves.
 * @throws Error listing every backend's failure when none works.
 */
export async function chooseBackend(
  order: readonly Backend[],
  attempt: (backend: Backend) => Promise<void>,
): Promise<Choice> {
  const skipped: SkippedBackend[] = [];
  for (const backend of order) {
    try {
      await attempt(backend);
      return { backend, skipped };
    } catch (error) {
      skipped.push({ backend, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(
    `No backend could run this model: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
  );
}
