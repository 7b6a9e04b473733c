/**
 * The face suite's live part: ours on a camera stream, the app's own live loop in the worker
 * (frames and overlay canvas move there), its sustained rate, the frame's stages, and the
 * page's and worker's memory before and after.
 */
import type { FeedHandoff } from '../../../shared/frame-feed';
import type { ModelHandle } from '../../../runtime/inference-client';
import type { LiveOptions, LiveReport } from '../../face/shared/types';
import type { Backend } from '../../../worker/types';
import { summarize } from '../shared/stats';
import type { FaceLiveConfig, FaceLiveResult, FaceMemorySample } from '../shared/face-suite';
import { OUR_FACE_OPTIONS, type FaceClient } from './face-run';

/** performance.measureUserAgentSpecificMemory() (cross-origin isolated pages only), or null after `timeoutMs`. */
async function userAgentMemory(timeoutMs: number): Promise<number | null> {
  const measure = (
    performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }
  ).measureUserAgentSpecificMemory;
  if (!globalThis.crossOriginIsolated || typeof measure !== 'function') return null;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs));
  return Promise.race([
    measure.call(performance).then(
      (r) => r.bytes,
      () => null,
    ),
    timeout,
  ]);
}

/** The page's and the worker's memory now. */
export async function sampleFaceMemory(
  client: Pick<FaceClient, 'memory'>,
  timeoutMs = 30_000,
): Promise<FaceMemorySample> {
  const [worker, userAgentBytes] = await Promise.all([client.memory(), userAgentMemory(timeoutMs)]);
  const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return {
    pageJsHeapBytes: heap?.usedJSHeapSize ?? null,
    userAgentBytes,
    workerTensors: worker.tensors,
    workerTensorBytes: worker.bytes,
    workerWasmHeapBytes: worker.wasmHeapBytes,
  };
}

/** Live options for the bench: what the app draws, without a privacy filter. */
const LIVE_OPTIONS: Omit<LiveOptions, 'meshHandle'> = {
  ...OUR_FACE_OPTIONS,
  redaction: 'none',
  mirror: false,
  markScale: 1,
};

/**
 * Ours on a camera stream: the app's live loop (frames and canvas move to the worker). Memory is
 * sampled after `warmupFrames` and again `frames` later; the sustained FPS is over that stretch.
 */
export async function runFaceLive(
  client: FaceClient,
  detector: ModelHandle,
  frames: FeedHandoff,
  canvas: OffscreenCanvas,
  config: FaceLiveConfig,
  /** The camera's frame rate as its track reports it, if it does. */
  cameraFps: number | null,
  log: (line: string) => void = () => undefined,
): Promise<FaceLiveResult> {
  const reports: LiveReport[] = [];
  let ended: string | null | undefined;
  const deadline = performance.now() + config.timeoutMs;
  const reached = async (count: number) => {
    while (reports.length < count && ended === undefined && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    if (reports.length < count)
      throw new Error(`the live loop gave ${reports.length} of ${count} frames (${ended ?? 'timed out'})`);
  };
  await client.startLive(
    detector,
    frames,
    canvas,
    LIVE_OPTIONS,
    (report) => void reports.push(report),
    (error) => (ended = error ?? 'the camera stream ended'),
  );
  try {
    await reached(config.warmupFrames);
    const afterWarmup = await sampleFaceMemory(client);
    const from = reports.length;
    log(
      `live: warmed up (${from} frames), ${afterWarmup.workerTensors} tensors; running ${config.frames} frames`,
    );
    await reached(from + config.frames);
    const afterFrames = await sampleFaceMemory(client);
    const to = reports.length;
    const timed = reports.slice(from, to);
    const start = reports[from - 1]!;
    const end = reports[to - 1]!;
    const seconds = (end.drawnAt - start.drawnAt) / 1000;
    log(`live: ${timed.length} frames in ${seconds.toFixed(1)} s, ${afterFrames.workerTensors} tensors`);
    return {
      backend: end.backend satisfies Backend,
      frames: timed.length,
      seconds,
      fps: timed.length / seconds,
      cameraFps,
      modelMs: summarize(timed.map((r) => r.timings.model)),
      endToEndMs: summarize(timed.map((r) => r.endToEnd)),
      stagesMs: {
        pre: summarize(timed.map((r) => r.timings.pre)),
        post: summarize(timed.map((r) => r.timings.post)),
        draw: summarize(timed.map((r) => r.timings.draw)),
      },
      facesPerFrame: summarize(timed.map((r) => r.faces.length)),
      memory: { afterWarmup, afterFrames, framesBetween: to - from },
    };
  } finally {
    await client.stopLive().catch(() => undefined);
  }
}
