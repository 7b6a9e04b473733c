/**
 * Backend choice: try each backend in order; a backend is skipped when it fails to start or
 * fails its golden self-test, and the reason is kept so the UI can say why it fell back.
 */
import { DEFAULT_BACKEND_ORDER, type Backend } from '../shared/backends';
import type { SkippedBackend } from './types';
import { errorMessage } from '../shared/errors';

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
      skipped.push({ backend, reason: errorMessage(error) });
    }
  }
  throw new Error(
    `No backend could run this model: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
  );
}

/**
 * Whether a load must activate a tfjs backend: none runs yet, the GPU device was lost, or the
 * load forces one other than the running one. A forced backend this worker already tried and
 * left (`leftBehind`, the running activation's skips) is not tried again: it failed, and
 * activating again would free every loaded model's weights while one of them may be running
 * (a photo analysed while a second forced load arrived failed with TensorFlow.js's "backend
 * has not yet been initialized").
 */
export function needsActivation(
  active: Backend | null,
  deviceLost: boolean,
  forced: Backend | undefined,
  leftBehind: readonly SkippedBackend[],
): boolean {
  if (!active || deviceLost) return true;
  if (!forced || forced === active) return false;
  return !leftBehind.some((skip) => skip.backend === forced);
}

/**
 * Why a model forced onto `forced` runs on `active` instead: the reason kept when the forced
 * backend was skipped, else that another model moved the shared backend. Undefined when it runs
 * where it was forced, or nothing was forced.
 */
export function fellBackFrom(
  forced: Backend | undefined,
  active: Backend,
  skipped: readonly SkippedBackend[],
): SkippedBackend | undefined {
  if (!forced || forced === active) return undefined;
  const reason =
    skipped.find((s) => s.backend === forced)?.reason ??
    `another model moved this worker's TensorFlow.js backend to ${active}`;
  return { backend: forced, reason };
}

/**
 * The backend choice after the GPU device under `lostOn` was lost: `discard` drops the lost
 * instance so that `attempt` builds that backend afresh on a new device, in its usual place in
 * `order` (the forced backend still comes first). Other backends are used only when the rebuild
 * fails, and the lost backend's skip reason then says so.
 * @throws Error listing every backend's failure when none works.
 */
export async function chooseAfterDeviceLoss(
  order: readonly Backend[],
  lostOn: Backend | null,
  discard: (backend: Backend) => void,
  attempt: (backend: Backend) => Promise<void>,
): Promise<Choice> {
  if (lostOn) discard(lostOn);
  const choice = await chooseBackend(order, attempt);
  return {
    backend: choice.backend,
    skipped: choice.skipped.map((s) =>
      s.backend === lostOn
        ? { backend: s.backend, reason: `its GPU device was lost and rebuilding it failed (${s.reason})` }
        : s,
    ),
  };
}
