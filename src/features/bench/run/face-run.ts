/**
 * Runs the face suite. Per backend: each engine loaded once, warmed up, counted on the test
 * photos, then timed frame by frame with the engines taking turns, so that a busy machine slows
 * all alike. Engines are plugged in as runners, so the bench harness can add peers that the app
 * never ships. The live part, which drives the app's own camera loop in the worker, is
 * ./face-live-run.ts.
 */
import type { FeedHandoff } from '../../../shared/frame-feed';
import type { ModelHandle } from '../../../runtime/inference-client';
import type { FaceTaskOptions, LiveOptions, LiveReport } from '../../face/shared/types';
import type { FaceTaskResult, LoadRequest, MemoryInfo } from '../../../worker/types';
import { summarize } from '../shared/stats';
import {
  FACE_BENCH_DETECTOR,
  type FaceBackend,
  type FaceEngine,
  type FaceEngineResult,
  type FaceRatio,
  type FaceSample,
  type FaceStages,
  type FaceSuiteConfig,
  type FaceSuiteResult,
} from '../shared/face-suite';
import { errorMessage } from '../../../shared/errors';

/** One engine, loaded on one backend. */
export interface FaceRunner {
  /** The backend it actually runs on, and settings that bear on speed. */
  ranOn: string;
  settings: Record<string, string | number | boolean>;
  /** Finds the faces in `frame` and times it; the frame stays the caller's (not closed). */
  detect(frame: ImageBitmap): Promise<FaceSample>;
  /** Ours: the Face page's photo path on an image file (decoded in the worker), timed. */
  detectFile?(file: Blob, name: string): Promise<FaceSample>;
  dispose(): Promise<void>;
}

export type LoadFaceRunner = (backend: FaceBackend) => Promise<FaceRunner>;

/** Ours first; peers are the bench harness's (the Bench page runs ours alone). */
export interface FaceEngines {
  ours: LoadFaceRunner;
  peers?: { engine: FaceEngine; load: LoadFaceRunner }[];
}

/** The same frames for every engine: camera frames to time, photos to count faces in. */
export interface FaceInputs {
  frames: ImageBitmap[];
  /** Each photo as a bitmap (every engine counts faces in it) and, where given, as its file (ours' photo path). */
  photos: { name: string; bitmap: ImageBitmap; file?: Blob }[];
  /** Where the detector's files are, for the result. */
  model: string;
}

/** What ours needs of the inference client (src/runtime/inference-client.ts). */
export interface FaceClient {
  load(request: LoadRequest): Promise<ModelHandle>;
  detectFaces(detector: ModelHandle, frame: ImageBitmap, options: FaceTaskOptions): Promise<FaceTaskResult>;
  detectPhoto(
    detector: ModelHandle,
    photo: Blob,
    name: string,
    options: FaceTaskOptions,
  ): Promise<{ result: FaceTaskResult; bitmap: ImageBitmap }>;
  startLive(
    detector: ModelHandle,
    frames: FeedHandoff,
    canvas: OffscreenCanvas,
    options: Omit<LiveOptions, 'meshHandle'>,
    onReport: (report: LiveReport) => void,
    onEnd: (error: string | null) => void,
  ): Promise<void>;
  stopLive(): Promise<void>;
  memory(): Promise<MemoryInfo>;
  setWasmThreads(threads: number | null): Promise<number>;
  terminate(): void;
}

/** Ours as the app runs it on a camera frame: short range, one pass, no tiles. */
export const OUR_FACE_OPTIONS: FaceTaskOptions = {
  mode: 'short',
  scoreThreshold: FACE_BENCH_DETECTOR.minScore,
  maxFaces: FACE_BENCH_DETECTOR.maxFaces,
};

/** Ours as a runner: a fresh inference worker with the detector loaded on `backend`. */
export async function loadOurFaceRunner(
  createClient: () => FaceClient,
  modelUrl: string,
  backend: FaceBackend,
  options: { threads?: number } = {},
): Promise<FaceRunner> {
  const client = createClient();
  try {
    if (options.threads !== undefined) await client.setWasmThreads(options.threads);
    const detector = await client.load({ engine: 'tfjs', url: modelUrl, backend });
    return {
      ranOn: detector.info.backend,
      settings: {
        runtime: 'tfjs 4.22 in the inference worker',
        threads: detector.info.threads ?? 1,
        preprocess: 'letterbox to 128² on a worker canvas',
        warmupMs: Math.round(detector.info.warmupMs),
      },
      async detect(frame) {
        // The worker takes (and closes) the frame it is given: the copy is made outside the timing.
        const copy = await createImageBitmap(frame);
        const started = performance.now();
        const result = await client.detectFaces(detector, copy, OUR_FACE_OPTIONS);
        const ms = performance.now() - started;
        const { pre, model, post } = result.timings;
        return {
          ms,
          faces: result.faces.length,
          stages: { pre, model, post, bridge: ms - pre - model - post },
        };
      },
      async detectFile(file, name) {
        const started = performance.now();
        const { result, bitmap } = await client.detectPhoto(detector, file, name, OUR_FACE_OPTIONS);
        const ms = performance.now() - started;
        bitmap.close();
        const { pre, model, post } = result.timings;
        return {
          ms,
          faces: result.faces.length,
          stages: { pre, model, post, bridge: ms - pre - model - post },
        };
      },
      async dispose() {
        client.terminate();
      },
    };
  } catch (error) {
    client.terminate();
    throw error;
  }
}

/** Rounds over every photo file for ours' photo path (the first decodes cold, so medians). */
const PHOTO_PATH_ROUNDS = 3;

function medianStages(samples: FaceSample[]): FaceStages | undefined {
  const staged = samples.flatMap((s) => (s.stages ? [s.stages] : []));
  if (staged.length === 0) return undefined;
  const median = (key: keyof FaceStages) => summarize(staged.map((s) => s[key])).median;
  return { pre: median('pre'), model: median('model'), post: median('post'), bridge: median('bridge') };
}

function engineResult(
  engine: FaceEngine,
  backend: FaceBackend,
  slot: Slot,
  samples: FaceSample[],
): FaceEngineResult {
  const stages = medianStages(samples);
  const photoStages = medianStages(slot.photoSamples);
  return {
    engine,
    backend,
    ranOn: slot.runner?.ranOn ?? 'none',
    loadMs: slot.loadMs,
    samples,
    frameMs: summarize(samples.map((s) => s.ms)),
    ...(stages ? { modelMs: summarize(samples.map((s) => s.stages?.model ?? Number.NaN)), stages } : {}),
    photoFaces: slot.photoFaces,
    ...(photoStages ? { photoPath: { stages: photoStages, runs: slot.photoSamples.length } } : {}),
    settings: slot.runner?.settings ?? {},
    ...(slot.error ? { error: slot.error } : {}),
  };
}

interface Slot {
  engine: FaceEngine;
  runner?: FaceRunner;
  loadMs: number;
  photoFaces: Record<string, number>;
  samples: FaceSample[];
  /** Ours' photo path, timed on the photos' files. */
  photoSamples: FaceSample[];
  error?: string;
}

async function load(engine: FaceEngine, loader: LoadFaceRunner, backend: FaceBackend): Promise<Slot> {
  const started = performance.now();
  try {
    const runner = await loader(backend);
    return {
      engine,
      runner,
      loadMs: performance.now() - started,
      photoFaces: {},
      samples: [],
      photoSamples: [],
    };
  } catch (error) {
    return {
      engine,
      loadMs: performance.now() - started,
      photoFaces: {},
      samples: [],
      photoSamples: [],
      error: errorMessage(error),
    };
  }
}

/** Runs `step` on every engine still standing; an engine that throws is out for this backend. */
async function eachEngine(
  slots: Slot[],
  first: number,
  step: (slot: Slot, runner: FaceRunner) => Promise<void>,
) {
  for (let k = 0; k < slots.length; k += 1) {
    const slot = slots[(first + k) % slots.length]!;
    if (!slot.runner || slot.error) continue;
    try {
      await step(slot, slot.runner);
    } catch (error) {
      slot.error = errorMessage(error);
    }
  }
}

/** Runs the suite on `inputs`; `log` gets one line per step, for a person watching. */
export async function runFaceSuite(
  engines: FaceEngines,
  inputs: FaceInputs,
  config: FaceSuiteConfig,
  log: (line: string) => void = () => undefined,
): Promise<FaceSuiteResult> {
  const { frames, photos } = inputs;
  const results: FaceEngineResult[] = [];
  const ratios: FaceRatio[] = [];
  const sameFaces: FaceSuiteResult['sameFaces'] = {};
  for (const backend of config.backends) {
    const slots = [await load('ours', engines.ours, backend)];
    for (const peer of engines.peers ?? []) slots.push(await load(peer.engine, peer.load, backend));
    for (const slot of slots)
      log(
        `${backend}: ${slot.engine} ${slot.error ? `failed: ${slot.error}` : `loaded in ${slot.loadMs.toFixed(0)} ms on ${slot.runner?.ranOn}`}`,
      );
    try {
      const started = performance.now();
      const inBudget = () => performance.now() - started < config.budgetMs;
      for (let i = 0; i < config.warmup && (i === 0 || inBudget()); i += 1)
        await eachEngine(
          slots,
          0,
          async (_, runner) => void (await runner.detect(frames[i % frames.length]!)),
        );
      for (const photo of photos)
        await eachEngine(slots, 0, async (slot, runner) => {
          slot.photoFaces[photo.name] = (await runner.detect(photo.bitmap)).faces;
        });
      // Ours' photo path as the Face page runs it: the file, decoded and scaled in the worker.
      const files = photos.flatMap((p) => (p.file ? [{ name: p.name, file: p.file }] : []));
      for (let round = 0; files.length && round < PHOTO_PATH_ROUNDS; round += 1)
        await eachEngine(slots.slice(0, 1), 0, async (slot, runner) => {
          if (!runner.detectFile) return;
          for (const { name, file } of files) slot.photoSamples.push(await runner.detectFile(file, name));
        });
      // At least one timed frame each; more while the backend's budget (warm-up included) lasts.
      for (let i = 0; i < config.runs && (i === 0 || inBudget()); i += 1) {
        const frame = frames[i % frames.length]!;
        await eachEngine(
          slots,
          i,
          async (slot, runner) => void slot.samples.push(await runner.detect(frame)),
        );
        if (i % 10 === 0 || i === config.runs - 1)
          log(
            `${backend}: frame ${i + 1}: ${slots.map((s) => `${s.engine} ${s.samples.at(-1)?.ms.toFixed(1) ?? '–'} ms`).join(', ')}`,
          );
      }
    } finally {
      for (const slot of slots) await slot.runner?.dispose().catch(() => undefined);
    }
    const engineResults = slots.map((slot) => engineResult(slot.engine, backend, slot, slot.samples));
    results.push(...engineResults);
    const ours = engineResults[0]!;
    for (const peer of engineResults.slice(1)) {
      if (ours.samples.length && peer.samples.length)
        ratios.push({ backend, peer: peer.engine, ratio: ours.frameMs.median / peer.frameMs.median });
    }
    const counted = engineResults.filter((e) => Object.keys(e.photoFaces).length === photos.length);
    if (counted.length > 1)
      sameFaces[backend] = photos.every((p) =>
        counted.every((e) => e.photoFaces[p.name] === counted[0]!.photoFaces[p.name]),
      );
  }
  const first = frames[0];
  return {
    suite: 'face',
    input: {
      frames: frames.length,
      width: first?.width ?? 0,
      height: first?.height ?? 0,
      model: inputs.model,
      photos: photos.map((p) => p.name),
    },
    config,
    engines: results,
    ratios,
    sameFaces,
  };
}
