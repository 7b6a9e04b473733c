/**
 * Automatic backend choice, measured (the rules are in src/shared/backend-speed.ts). The first
 * time a TensorFlow.js model runs in automatic mode on a device, this times it on each backend in
 * the background: later, when no camera is live, one fresh worker per backend (the Bench's
 * backend check), so the first result never waits and the person's worker is never switched
 * under them. The fastest is kept in localStorage per model, keyed by the browser and its GPU
 * adapters; the next load in automatic mode tries the backends fastest first.
 */
import { signal } from '@preact/signals';
import {
  currentChoice,
  deviceKey,
  fastest,
  hintedOrder,
  orderFromChoice,
  withChoice,
  type AutoOrder,
  type BackendTiming,
  type MeasuredChoice,
} from '../shared/backend-speed';
import { DEFAULT_BACKEND_ORDER } from '../shared/backends';
import { probeRenderers } from '../shared/renderers';
import type { ModelManifest, Registry } from '../shared/model-registry';
import { cameraInUse } from '../media/camera';
import { checkBackend, checkInput, type CheckSpec } from './backend-check';
import { errorMessage } from '../shared/errors';

const STORAGE_KEY = 'offgrid.backend-speed';
/** A measurement starts this long after the model's first load, and waits for the camera to stop. */
export const MEASURE_DELAY_MS = 5_000;
const CAMERA_POLL_MS = 2_000;

/** Every stored measurement (every model, the device each was made on), for Settings. */
export const measuredChoices = signal<MeasuredChoice[]>(readStored());
/** The model being measured now, if any. */
export const measuring = signal<string | null>(null);

function readStored(): MeasuredChoice[] {
  try {
    const value: unknown = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(value) ? (value as MeasuredChoice[]) : [];
  } catch {
    return [];
  }
}

function store(choices: MeasuredChoice[]): void {
  measuredChoices.value = choices;
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(choices));
  } catch {
    // A full or blocked localStorage: the choice holds for this page's life only.
  }
}

let device: Promise<string> | undefined;

/** This browser and its GPU adapters, as measurements are keyed. */
export function currentDevice(): Promise<string> {
  device ??= probeRenderers().then((renderers) => deviceKey(navigator.userAgent, renderers));
  return device;
}

/** The measured order for `modelId` on this device, or undefined when it was not measured here. */
export async function measuredOrder(modelId: string): Promise<AutoOrder | undefined> {
  const choice = currentChoice(measuredChoices.value, modelId, await currentDevice());
  return choice ? orderFromChoice(choice) : undefined;
}

/**
 * The automatic order for a model: its measured order on this device (TensorFlow.js models),
 * else the quick hint from the GPU renderers this page already probed for the device key, so
 * the worker need not probe them again.
 */
export async function automaticOrder(model: ModelManifest): Promise<AutoOrder> {
  const measured = model.engine === 'tfjs' ? await measuredOrder(model.id) : undefined;
  return measured ?? hintedOrder(await probeRenderers());
}

/** Forgets every measurement: each model is measured again at its next automatic load. */
export function forgetMeasurements(): void {
  store([]);
}

/** A check of any TensorFlow.js model: the image-like input, as int32 where the model takes pixels. */
function specFor(model: ModelManifest): CheckSpec {
  const int32 = model.io.inputs[0]?.dtype === 'int32';
  return {
    modelId: model.id,
    label: model.title,
    engine: 'tfjs',
    backends: DEFAULT_BACKEND_ORDER,
    compare: 'all',
    inputs: (shape) => {
      const input = checkInput(shape);
      return int32
        ? [
            {
              dtype: 'int32',
              shape,
              data: Int32Array.from(input.data as Float32Array, (v) => Math.round((v + 1) * 127.5)),
            },
          ]
        : [input];
    },
  };
}

/**
 * Times `model` on every backend, each in its own worker; a backend that moved elsewhere counts
 * as failed. `beforeEach` runs before each backend (the background run waits there while a camera
 * is live, so a demo started meanwhile does not share the CPU with it).
 */
export async function measureModel(
  registry: Registry,
  model: ModelManifest,
  beforeEach: () => Promise<void> = async () => undefined,
): Promise<BackendTiming[]> {
  const spec = specFor(model);
  const timings: BackendTiming[] = [];
  for (const backend of DEFAULT_BACKEND_ORDER) {
    await beforeEach();
    try {
      const { report } = await checkBackend(registry, spec, backend, null);
      timings.push(
        report.ran === backend
          ? { backend, medianMs: report.medianMs }
          : { backend, error: report.fellBack ?? `it ran on ${report.ran}` },
      );
    } catch (error) {
      timings.push({ backend, error: errorMessage(error) });
    }
  }
  return timings;
}

const pending = new Set<string>();
/** Measurements run one after another: one measuring worker at a time. */
let queue: Promise<void> = Promise.resolve();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Measures `model` in the background unless it was measured on this device (or is being
 * measured): after MEASURE_DELAY_MS, and only once no camera is live. Never throws.
 */
export function measureLater(registry: Registry, model: ModelManifest): void {
  if (model.engine !== 'tfjs' || pending.has(model.id)) return;
  pending.add(model.id);
  queue = queue.then(async () => {
    try {
      const key = await currentDevice();
      if (currentChoice(measuredChoices.value, model.id, key)) return;
      await sleep(MEASURE_DELAY_MS);
      const cameraOff = async () => {
        while (cameraInUse()) await sleep(CAMERA_POLL_MS);
      };
      measuring.value = model.id;
      const timings = await measureModel(registry, model, cameraOff);
      const backend = fastest(timings);
      if (!backend) return;
      store(
        withChoice(readStored(), {
          modelId: model.id,
          device: key,
          backend,
          timings,
          measuredAt: new Date().toISOString(),
        }),
      );
    } catch {
      // A measurement that fails leaves the quick hint in place; the next page load tries again.
    } finally {
      pending.delete(model.id);
      if (measuring.value === model.id) measuring.value = null;
    }
  });
}
