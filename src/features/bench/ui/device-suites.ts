/**
 * The suites the Bench page runs on this device: the same measuring code as `npm run bench`,
 * minus the peers (which the app never ships), on the models stored here. Each turns its own
 * result into the page's rows (../shared/device-result.ts).
 */
import { cameraFrames } from '../../../media/camera-frames';
import { openCamera, stopStream } from '../../../media/camera';
import { InferenceClient } from '../../../runtime/inference-client';
import { installedModels } from '../../../runtime/model-store-client';
import { registryModel, translatorFileUrls } from '../../../runtime/models';
import type { Backend } from '../../../shared/backends';
import { defaultVariantOf } from '../../../shared/model-registry';
import { describeDevice, type DeviceResult, type ResultRow, type SuiteId } from '../shared/device-result';
import {
  DEFAULT_FACE_LIVE,
  DEFAULT_FACE_SUITE,
  QUICK_FACE_LIVE,
  QUICK_FACE_SUITE,
  type FaceBackend,
} from '../shared/face-suite';
import { summarize } from '../shared/stats';
import {
  BENCH_SENTENCE,
  DEFAULT_TRANSLATE_SUITE,
  QUICK_TRANSLATE_SUITE,
  type TranslateBackend,
} from '../shared/translate-suite';
import { loadOurFaceRunner, runFaceLive, runFaceSuite } from './face-run';
import { loadOurTranslator } from './translate-ours';
import { runTranslateSuite } from './translate-run';

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
      rows.push(
        {
          metric: `${id}, first token`,
          backend: engine.ranOn,
          unit: 'ms',
          lowerIsBetter: true,
          summary: engine.firstTokenMs,
        },
        {
          metric: `${id}, decoding`,
          backend: engine.ranOn,
          unit: 'tokens/s',
          lowerIsBetter: false,
          summary: engine.tokensPerSecond,
        },
      );
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

const ms = (metric: string, backend: string, summary: ResultRow['summary']): ResultRow => ({
  metric,
  backend,
  unit: 'ms',
  lowerIsBetter: true,
  summary,
});

const faceSuite: DeviceSuite = {
  id: 'face',
  title: 'Face detection',
  description:
    'BlazeFace on your camera: the model alone against the whole frame (in → boxes), and sustained frames per second.',
  backends: ['wasm', 'webgl', 'webgpu'],
  async ready() {
    return 'mediaDevices' in navigator ? null : 'This browser gives no access to a camera.';
  },
  async run({ quick, backends, log }) {
    const model = defaultVariantOf(await registryModel(FACE_MODEL_ID));
    const file = model.files.find((f) => f.path.endsWith('.json'));
    if (!file) throw new Error(`The model “${FACE_MODEL_ID}” has no graph file.`);
    const url = new URL(file.url, location.origin).href;
    const stream = await openCamera('user', 'The other suites still run.');
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
        video.srcObject = stream;
        const { width = 640, height = 480, frameRate } = track.getSettings();
        const live = await runFaceLive(
          client,
          detector,
          cameraFrames(track, video, controller.signal),
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
        notes.push(`Camera loop: ${error instanceof Error ? error.message : String(error)}`);
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

/** Every suite the page offers, in the order shown. */
export const DEVICE_SUITES: readonly DeviceSuite[] = [faceSuite, translateSuite];
