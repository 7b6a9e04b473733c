/**
 * What every suite the Bench page runs on this device has: its shape, its result's stamp, and the
 * camera and model helpers the camera suites share.
 */
import { openCamera } from '../../../../media/camera';
import { registryModel } from '../../../../runtime/models';
import type { Backend } from '../../../../shared/backends';
import { defaultVariantOf } from '../../../../shared/model-registry';
import { describeDevice, type DeviceResult, type SuiteId } from '../../shared/device-result';

export interface SuiteRunOptions {
  quick: boolean;
  /** The backends to measure, among those this device has. */
  backends: Backend[];
  /** One line per step, for the person watching. */
  log: (line: string) => void;
}

export interface DeviceSuite {
  id: SuiteId;
  title: string;
  description: string;
  /** The backends it can measure. */
  backends: readonly Backend[];
  /** Null when it can run here; otherwise what is missing, in words. */
  ready(): Promise<string | null>;
  run(options: SuiteRunOptions): Promise<DeviceResult>;
}

/** What a suite measured, as the Bench page keeps it: stamped with the date and this device. */
export function suiteResult(
  suite: SuiteId,
  quick: boolean,
  { rows, ratios = [], notes }: Pick<DeviceResult, 'rows' | 'notes'> & Partial<Pick<DeviceResult, 'ratios'>>,
): DeviceResult {
  return { suite, date: new Date().toISOString(), quick, rows, ratios, notes, device: describeDevice() };
}

/** Why the camera suites cannot run here, or null. */
const noCamera = (): string | null =>
  'mediaDevices' in navigator ? null : 'This browser gives no access to a camera.';

/** The backends every camera suite measures. */
const CAMERA_SUITE_BACKENDS: readonly Backend[] = ['wasm', 'webgl', 'webgpu'];

/**
 * A suite on the camera: it measures every backend, and can run where there is a camera and
 * `needs` (what else it takes, in words, or null) finds nothing missing.
 */
export function cameraSuite({
  needs = () => null,
  ...suite
}: Omit<DeviceSuite, 'backends' | 'ready'> & { needs?: () => string | null }): DeviceSuite {
  return {
    ...suite,
    backends: CAMERA_SUITE_BACKENDS,
    async ready() {
      return noCamera() ?? needs();
    },
  };
}

/** The camera a suite measures on; a failure to open it stops only that suite. */
export const openSuiteCamera = () => openCamera('user', 'The other suites still run.');

/** `count` frames of the camera, a few video frames apart, as bitmaps. */
export async function grabFrames(stream: MediaStream, count: number): Promise<ImageBitmap[]> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  const frames: ImageBitmap[] = [];
  while (frames.length < count) {
    await new Promise((resolve) => setTimeout(resolve, 60));
    frames.push(await createImageBitmap(video));
  }
  video.pause();
  video.srcObject = null;
  return frames;
}

/** A graph file's same-origin URL, for a fresh worker to load. */
export async function graphUrl(id: string): Promise<string> {
  const file = defaultVariantOf(await registryModel(id)).files.find((f) => f.path.endsWith('.json'));
  if (!file) throw new Error(`The model “${id}” has no graph file.`);
  return new URL(file.url, location.origin).href;
}
