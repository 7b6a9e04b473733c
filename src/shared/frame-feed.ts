/**
 * How a camera's frames reach the inference worker; each engine takes the first path it has
 * (chosen by feature detection, shown in Settings):
 * - `stream`: a MediaStreamTrackProcessor on the page, whose ReadableStream moves to the worker
 *   (Chromium);
 * - `track`: the track itself (a clone) moves to the worker, which opens its own
 *   MediaStreamTrackProcessor (Safari 18+: the processor exists only in dedicated workers, and
 *   streams are not transferable there);
 * - `pump`: the page copies a VideoFrame from the playing <video> each time the worker asks for
 *   one, over a MessagePort (Firefox, and WebKit builds without the processor).
 * The worker reads all three as the same ReadableStream<VideoFrame> (src/worker/frame-feed.ts).
 */

export type FramePath = FrameFeed['kind'];

export type FrameFeed =
  | { kind: 'stream'; readable: ReadableStream<VideoFrame> }
  | { kind: 'track'; track: MediaStreamTrack }
  | { kind: 'pump'; port: MessagePort };

/** A feed and the objects that must be transferred with it. */
export interface FeedHandoff {
  feed: FrameFeed;
  transfer: Transferable[];
}

/** Messages of the `pump` path: the worker asks (`pull`) or ends (`stop`); the page answers with a frame. */
export type PumpRequest = 'pull' | 'stop';

/** What Settings says about each path. */
export const FRAME_PATH_LABELS: Record<FramePath, string> = {
  stream: 'MediaStreamTrackProcessor on the page; its frame stream moves to the worker',
  track: 'the camera track moves to the worker, which reads it with MediaStreamTrackProcessor',
  pump: 'the page copies each frame from the video and sends it to the worker when asked',
};

/** Picks the path from what the page and the worker have. */
export function chooseFramePath(pageHasProcessor: boolean, workerHasProcessor: boolean): FramePath {
  if (pageHasProcessor) return 'stream';
  if (workerHasProcessor) return 'track';
  return 'pump';
}
