/**
 * Automatic backend choice by measurement. The first time a model runs on a device, the page
 * times it on each backend that passes its self-test, in the background (runtime/backend-choice.ts);
 * the fastest is remembered per model, keyed by the browser and its GPU adapters, and measured
 * again when either changes. Until then a quick hint orders the backends: a GPU backend that
 * draws in software (SwiftShader, llvmpipe, a fallback adapter) goes after WebAssembly, since
 * it is 10–40× slower than WASM on the same CPU. Pure: no DOM, shared by the page and the worker.
 */
import { DEFAULT_BACKEND_ORDER, type Backend } from './backends';

/** One backend's measurement of one model: its median run, or why it could not run. */
export interface BackendTiming {
  backend: Backend;
  medianMs?: number;
  error?: string;
}

/** A model's measured choice on one device. */
export interface MeasuredChoice {
  modelId: string;
  /** The browser and GPU adapters it was measured with (deviceKey). */
  device: string;
  backend: Backend;
  timings: BackendTiming[];
  measuredAt: string;
}

/** What the worker knows of each GPU backend's renderer: its description, and whether it is a fallback. */
export interface Renderers {
  webgpu?: { description: string; fallback: boolean };
  webgl?: { description: string };
}

/** How the automatic order was reached, in words for the UI. */
export interface AutoOrder {
  order: Backend[];
  reason: string;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render driver/i;

/** Whether a GPU description names a renderer that runs on the CPU. */
export function isSoftwareRenderer(description: string): boolean {
  return SOFTWARE_RENDERER.test(description);
}

/** The GPU backends among `renderers` that draw in software, with what says so. */
export function softwareBackends(renderers: Renderers): Partial<Record<Backend, string>> {
  const found: Partial<Record<Backend, string>> = {};
  const gpu = renderers.webgpu;
  if (gpu && (gpu.fallback || isSoftwareRenderer(gpu.description)))
    found.webgpu = gpu.description || 'a fallback adapter';
  const gl = renderers.webgl;
  if (gl && isSoftwareRenderer(gl.description)) found.webgl = gl.description;
  return found;
}

/** The quick hint: the default order, with software GPU backends moved after WebAssembly. */
export function hintedOrder(renderers: Renderers): AutoOrder {
  const software = softwareBackends(renderers);
  const slow = DEFAULT_BACKEND_ORDER.filter((b) => software[b] !== undefined);
  if (slow.length === 0)
    return { order: [...DEFAULT_BACKEND_ORDER], reason: 'not measured yet; the GPU comes first' };
  const order = [...DEFAULT_BACKEND_ORDER.filter((b) => software[b] === undefined), ...slow];
  const which = slow.map((b) => `${b} (${software[b]})`).join(' and ');
  return {
    order,
    reason: `not measured yet; ${which} ${slow.length > 1 ? 'draw' : 'draws'} in software, so WebAssembly first`,
  };
}

/** The measured order: fastest first; backends that could not run last, in the default order. */
export function measuredOrder(timings: readonly BackendTiming[]): Backend[] {
  const ran = timings
    .filter((t): t is BackendTiming & { medianMs: number } => Number.isFinite(t.medianMs) && !t.error)
    .sort((a, b) => a.medianMs - b.medianMs)
    .map((t) => t.backend);
  return [...ran, ...DEFAULT_BACKEND_ORDER.filter((b) => !ran.includes(b))];
}

/** The fastest backend that ran, or null when none did. */
export function fastest(timings: readonly BackendTiming[]): Backend | null {
  const ran = measuredOrder(timings)[0];
  return ran && timings.some((t) => t.backend === ran && !t.error && Number.isFinite(t.medianMs))
    ? ran
    : null;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toPrecision(2));

/** "measured here: wasm 9.4 ms, webgl 120 ms, webgpu failed (no adapter)", fastest first. */
export function timingsInWords(timings: readonly BackendTiming[]): string {
  const order = measuredOrder(timings);
  return order
    .map((backend) => timings.find((t) => t.backend === backend))
    .filter((t): t is BackendTiming => t !== undefined)
    .map((t) =>
      t.error || !Number.isFinite(t.medianMs)
        ? `${t.backend} could not run (${t.error ?? 'no time'})`
        : `${t.backend} ${ms(t.medianMs!)} ms`,
    )
    .join(', ');
}

/** The order and reason a stored measurement gives. */
export function orderFromChoice(choice: MeasuredChoice): AutoOrder {
  return { order: measuredOrder(choice.timings), reason: `fastest here: ${timingsInWords(choice.timings)}` };
}

/**
 * The key a measurement is kept under: the browser (its user agent) and each GPU adapter's
 * description. A browser update or another GPU makes a new key, so the model is measured again.
 */
export function deviceKey(userAgent: string, renderers: Renderers): string {
  return JSON.stringify([
    userAgent,
    renderers.webgpu
      ? `${renderers.webgpu.description}${renderers.webgpu.fallback ? ' (fallback)' : ''}`
      : 'no webgpu',
    renderers.webgl?.description ?? 'no webgl',
  ]);
}

/** The stored choice for `modelId` if it was measured on this device, else null (measure again). */
export function currentChoice(
  stored: readonly MeasuredChoice[],
  modelId: string,
  device: string,
): MeasuredChoice | null {
  return (
    stored.find((c) => c.modelId === modelId && c.device === device && fastest(c.timings) !== null) ?? null
  );
}

/** `stored` with `choice` in place of any earlier one for its model (every device's but the newest dropped). */
export function withChoice(stored: readonly MeasuredChoice[], choice: MeasuredChoice): MeasuredChoice[] {
  return [...stored.filter((c) => c.modelId !== choice.modelId), choice];
}
