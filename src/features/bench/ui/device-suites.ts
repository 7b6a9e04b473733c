/**
 * The suites the Bench page runs on this device: the same measuring code as `npm run bench`,
 * minus the peers (which the app never ships), on the models stored here. Each turns its own
 * result into the page's rows (../shared/device-result.ts).
 */
import { cameraFeed, canStreamFrames, framePath } from '../../../media/camera-frames';
import { openCamera, stopStream } from '../../../media/camera';
import { InferenceClient } from '../../../runtime/inference-client';
import { installedModels } from '../../../runtime/model-store-client';
import { registryModel, translatorFileUrls } from '../../../runtime/models';
import type { Backend } from '../../../shared/backends';
import { defaultVariantOf, type ModelManifest } from '../../../shared/model-registry';
import type { VitalsReport } from '../../health/shared/types';
import { FACE_MODEL_IDS } from '../../face/shared/config';
import {
  describeDevice,
  msRow as ms,
  type DeviceResult,
  type ResultRow,
  type SuiteId,
} from '../shared/device-result';
import {
  DEFAULT_FACE_LIVE,
  DEFAULT_FACE_SUITE,
  QUICK_FACE_LIVE,
  QUICK_FACE_SUITE,
  type FaceBackend,
} from '../shared/face-suite';
import { healthRows } from '../shared/health-rows';
import {
  DEFAULT_HEALTH_SUITE,
  QUICK_HEALTH_SUITE,
  summarizeHealthFrames,
  type HealthFrame,
  type HealthSuiteConfig,
} from '../shared/health-suite';
import { quantRows } from '../shared/quant-rows';
import {
  DEFAULT_QUANT_SUITE,
  QUANT_MODELS,
  QUICK_QUANT_SUITE,
  type QuantModelId,
  type QuantSuiteConfig,
} from '../shared/quant-suite';
import { summarize } from '../shared/stats';
import {
  BENCH_SENTENCE,
  DEFAULT_TRANSLATE_SUITE,
  QUICK_TRANSLATE_SUITE,
  type TranslateBackend,
} from '../shared/translate-suite';
import { loadOurFaceRunner, runFaceLive, runFaceSuite } from './face-run';
import { runQuantSuite } from './quant-run';
import { loadOurTranslator } from './translate-ours';
import { runTranslateSuite } from './translate-run';
import { errorMessage } from '../../../shared/errors';

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

/** The English → other pair the translation suite uses: the first one stored. */
async function storedPair(): Promise<string | null> {
  const installed = await installedModels();
  return [...installed.keys()].find((id) => id.startsWith('opus-mt-')) ?? null;
}

const translateSuite: DeviceSuite = {
  id: 'translate',
  title: 'Translation',
  description: 'Time to the first word, and words per second, for a 20-word sentence.',
  backends: ['wasm', 'webgpu'],
  async ready() {
    return (await storedPair())
      ? null
      : 'Download a translation pair (Translate page or Models page) to measure it.';
  },
  async run({ quick, backends, log }) {
    const id = await storedPair();
    if (!id) throw new Error('No translation pair is stored on this device.');
    const files = await translatorFileUrls(id);
    const config = {
      ...(quick ? QUICK_TRANSLATE_SUITE : DEFAULT_TRANSLATE_SUITE),
      backends: backends.filter((b): b is TranslateBackend => b === 'wasm' || b === 'webgpu'),
    };
    const result = await runTranslateSuite(
      { ours: (backend) => loadOurTranslator(files, backend) },
      BENCH_SENTENCE,
      config,
      log,
    );
    const rows: ResultRow[] = [];
    const notes: string[] = [];
    for (const engine of result.engines) {
      if (engine.error) notes.push(`${engine.backend}: ${engine.error}`);
      if (engine.samples.length === 0) continue;
      rows.push(ms(`${id}, first token`, engine.ranOn, engine.firstTokenMs), {
        metric: `${id}, decoding`,
        backend: engine.ranOn,
        unit: 'tokens/s',
        lowerIsBetter: false,
        summary: engine.tokensPerSecond,
      });
    }
    return {
      suite: 'translate',
      date: new Date().toISOString(),
      quick,
      rows,
      ratios: [],
      notes,
      device: describeDevice(),
    };
  },
};

/** The detector the face suite times: the app's bundled short-range BlazeFace. */
const FACE_MODEL_ID = 'blazeface-short';
/** Camera frames timed per backend. */
const FACE_FRAMES = 30;


/** Why the camera suites cannot run here, or null. */
const noCamera = (): string | null =>
  'mediaDevices' in navigator ? null : 'This browser gives no access to a camera.';

/** The camera a suite measures on; a failure to open it stops only that suite. */
const openSuiteCamera = () => openCamera('user', 'The other suites still run.');

/** `count` frames of the camera, a few video frames apart, as bitmaps. */
async function grabFrames(stream: MediaStream, count: number): Promise<ImageBitmap[]> {
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

const faceSuite: DeviceSuite = {
  id: 'face',
  title: 'Face detection',
  description:
    'BlazeFace on your camera: the model alone against the whole frame (in → boxes), and sustained frames per second.',
  backends: ['wasm', 'webgl', 'webgpu'],
  async ready() {
    return noCamera();
  },
  async run({ quick, backends, log }) {
    const model = defaultVariantOf(await registryModel(FACE_MODEL_ID));
    const file = model.files.find((f) => f.path.endsWith('.json'));
    if (!file) throw new Error(`The model “${FACE_MODEL_ID}” has no graph file.`);
    const url = new URL(file.url, location.origin).href;
    const stream = await openSuiteCamera();
    const rows: ResultRow[] = [];
    const ratios: DeviceResult['ratios'] = [];
    const notes: string[] = [];
    try {
      const frames = await grabFrames(stream, quick ? 10 : FACE_FRAMES);
      const config = {
        ...(quick ? QUICK_FACE_SUITE : DEFAULT_FACE_SUITE),
        backends: backends.filter((b): b is FaceBackend => b !== undefined),
      };
      const result = await runFaceSuite(
        { ours: (backend) => loadOurFaceRunner(() => new InferenceClient(), url, backend) },
        { frames, photos: [], model: FACE_MODEL_ID },
        config,
        log,
      );
      frames.forEach((frame) => frame.close());
      for (const engine of result.engines) {
        if (engine.error) notes.push(`${engine.backend}: ${engine.error}`);
        if (engine.samples.length === 0) continue;
        if (engine.modelMs) rows.push(ms('BlazeFace, model only', engine.ranOn, engine.modelMs));
        rows.push(ms('BlazeFace, frame in → boxes', engine.ranOn, engine.frameMs));
        if (engine.modelMs)
          ratios.push({
            label: `Whole frame / model only on ${engine.ranOn}`,
            value: engine.frameMs.median / engine.modelMs.median,
          });
      }
      // Sustained rate on the camera: the app's live loop on the first backend chosen.
      const liveBackend = backends[0] ?? 'wasm';
      const client = new InferenceClient();
      const controller = new AbortController();
      try {
        const detector = await client.load({ engine: 'tfjs', url, backend: liveBackend });
        const [track] = stream.getVideoTracks();
        if (!track) throw new Error('The camera gave no video track.');
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        video.srcObject = stream;
        await video.play();
        const { width = 640, height = 480, frameRate } = track.getSettings();
        const live = await runFaceLive(
          client,
          detector,
          cameraFeed(await framePath(client), track, video, controller.signal),
          new OffscreenCanvas(width, height),
          quick ? QUICK_FACE_LIVE : DEFAULT_FACE_LIVE,
          frameRate ?? null,
          log,
        );
        rows.push({
          metric: 'Camera, sustained',
          backend: live.backend,
          unit: 'fps',
          lowerIsBetter: false,
          summary: summarize([live.fps]),
        });
        const { afterWarmup, afterFrames, framesBetween } = live.memory;
        notes.push(
          `Worker memory over ${framesBetween} camera frames: ${afterWarmup.workerTensors} → ` +
            `${afterFrames.workerTensors} tensors` +
            (afterWarmup.workerWasmHeapBytes !== null && afterFrames.workerWasmHeapBytes !== null
              ? `, WebAssembly heap ${(afterWarmup.workerWasmHeapBytes / 2 ** 20).toFixed(1)} → ` +
                `${(afterFrames.workerWasmHeapBytes / 2 ** 20).toFixed(1)} MB`
              : '') +
            (live.cameraFps ? `; the camera gives ${live.cameraFps.toFixed(0)} fps.` : '.'),
        );
      } catch (error) {
        notes.push(`Camera loop: ${errorMessage(error)}`);
      } finally {
        controller.abort();
        client.terminate();
      }
    } finally {
      stopStream(stream);
    }
    return {
      suite: 'face',
      date: new Date().toISOString(),
      quick,
      rows,
      ratios,
      notes,
      device: describeDevice(),
    };
  },
};

/** Camera frames the quantization suite runs every variant on (the same frames for each). */
const QUANT_FRAMES = 5;
const QUICK_QUANT_FRAMES = 2;

/** The page's quick run: every model, each variant timed a few times. */
const QUICK_DEVICE_QUANT_SUITE: QuantSuiteConfig = {
  ...QUICK_QUANT_SUITE,
  models: [...QUANT_MODELS],
  warmup: 1,
  runs: 3,
};

const quantSuite: DeviceSuite = {
  id: 'quant',
  title: 'Quantization',
  description:
    'BlazeFace and MoveNet in full size and compressed (fp16, uint8): speed, how far the answers move on your camera, and file size.',
  backends: ['wasm', 'webgl', 'webgpu'],
  async ready() {
    return noCamera();
  },
  async run({ quick, backends, log }) {
    const manifests = new Map<QuantModelId, ModelManifest>();
    for (const id of QUANT_MODELS) manifests.set(id, await registryModel(id));
    const manifest = (id: QuantModelId): ModelManifest => manifests.get(id)!;
    const installed = await installedModels().catch(() => new Map<string, { variant: string }>());
    // The pure pre- and post-processing steps load with the suite, not with the page.
    const { openQuantEngine, quantInfer, quantVariants } = await import('./quant-deps');
    const stream = await openSuiteCamera();
    let frames: ImageBitmap[] = [];
    try {
      frames = await grabFrames(stream, quick ? QUICK_QUANT_FRAMES : QUANT_FRAMES);
      const names = frames.map((_, i) => `camera frame ${i + 1}`);
      const config: QuantSuiteConfig = {
        ...(quick ? QUICK_DEVICE_QUANT_SUITE : { ...DEFAULT_QUANT_SUITE, models: [...QUANT_MODELS] }),
        backends,
      };
      const result = await runQuantSuite(
        {
          variants: async (id) => quantVariants(manifest(id)),
          photos: () => names,
          infer: quantInfer(() => frames),
          open: async (backend) =>
            openQuantEngine(manifest, (url) => new URL(url, location.origin).href, backend),
        },
        config,
        log,
      );
      const { rows, ratios, notes } = quantRows(result, {
        stored: (id, variant) => installed.get(id)?.variant === variant,
      });
      return {
        suite: 'quant',
        date: new Date().toISOString(),
        quick,
        rows,
        ratios,
        notes,
        device: describeDevice(),
      };
    } finally {
      frames.forEach((frame) => frame.close());
      stopStream(stream);
    }
  },
};

/** A graph file's same-origin URL, for a fresh worker to load. */
async function graphUrl(id: string): Promise<string> {
  const file = defaultVariantOf(await registryModel(id)).files.find((f) => f.path.endsWith('.json'));
  if (!file) throw new Error(`The model “${id}” has no graph file.`);
  return new URL(file.url, location.origin).href;
}

/** Longest wait for a measurement's frames (software WebGL is slow on a busy machine). */
const HEALTH_WAIT_MS = 180_000;

/**
 * One heart-rate measurement as the Health page runs it, in a fresh worker on `backend`: the
 * reports' timings of `warmupFrames + frames` camera frames, the warm-up dropped.
 */
async function measureVitals(
  track: MediaStreamTrack,
  backend: Backend,
  { warmupFrames, frames: wanted }: HealthSuiteConfig,
  log: (line: string) => void,
): Promise<HealthFrame[]> {
  const client = new InferenceClient();
  const controller = new AbortController();
  // A track of its own: its frame stream moves to the worker and ends with the measurement.
  const own = track.clone();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([own]);
  const frames: HealthFrame[] = [];
  try {
    await video.play();
    const [detector, mesh] = await Promise.all([
      graphUrl(FACE_MODEL_IDS.short).then((url) => client.load({ engine: 'tfjs', url, backend })),
      graphUrl(FACE_MODEL_IDS.mesh).then((url) => client.load({ engine: 'tfjs', url, backend })),
    ]);
    log(
      `${backend}: face models loaded on ${detector.info.backend}; measuring ${warmupFrames + wanted} frames`,
    );
    const { width = 640, height = 480 } = own.getSettings();
    const path = await framePath(client);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Only ${frames.length} frames arrived in ${HEALTH_WAIT_MS / 1000} s.`)),
        HEALTH_WAIT_MS,
      );
      const done = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const onReport = ({ timings, frameRateHz, regions, backend: ranOn }: VitalsReport) => {
        frames.push({ at: performance.now(), ...timings, frameRateHz, regions, backend: ranOn });
        if (frames.length === warmupFrames + wanted) done();
      };
      client
        .startHealth(
          { kind: 'vitals', detector, mesh },
          cameraFeed(path, own, video, controller.signal),
          new OffscreenCanvas(width, height),
          { mirror: true, markScale: 1 },
          (report) => report.kind === 'vitals' && onReport(report.report),
          (error) => {
            if (frames.length < warmupFrames + wanted)
              done(new Error(error ? `The measurement stopped: ${error}` : 'The camera stopped.'));
          },
        )
        .catch((error: unknown) => done(error instanceof Error ? error : new Error(errorMessage(error))));
    });
    return frames.slice(warmupFrames, warmupFrames + wanted);
  } finally {
    controller.abort();
    await client.stopHealth().catch(() => undefined);
    client.terminate();
    own.stop();
    video.srcObject = null;
  }
}

const healthSuite: DeviceSuite = {
  id: 'health',
  title: 'Heart rate',
  description:
    'The cost of each camera frame while measuring a heart rate: the pulse from skin colour, the face models, and frames per second.',
  backends: ['wasm', 'webgl', 'webgpu'],
  async ready() {
    const missing = noCamera();
    if (missing) return missing;
    return canStreamFrames() ? null : 'This browser cannot pass camera frames to a worker, which this needs.';
  },
  async run({ quick, backends, log }) {
    const config = quick ? QUICK_HEALTH_SUITE : DEFAULT_HEALTH_SUITE;
    const stream = await openSuiteCamera();
    const results = [];
    const failures: string[] = [];
    try {
      const [track] = stream.getVideoTracks();
      if (!track) throw new Error('The camera gave no video track.');
      for (const backend of backends) {
        try {
          const frames = await measureVitals(track, backend, config, log);
          results.push(summarizeHealthFrames(backend, frames));
        } catch (error) {
          failures.push(`${backend}: ${errorMessage(error)}`);
          log(`${backend}: ${errorMessage(error)}`);
        }
      }
    } finally {
      stopStream(stream);
    }
    const { rows, notes } = healthRows(results);
    return {
      suite: 'health',
      date: new Date().toISOString(),
      quick,
      rows,
      ratios: [],
      notes: [...notes, ...failures],
      device: describeDevice(),
    };
  },
};

/** Every suite the page offers, in the order shown and run. */
export const DEVICE_SUITES: readonly DeviceSuite[] = [faceSuite, quantSuite, healthSuite, translateSuite];
