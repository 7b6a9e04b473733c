/**
 * The one shape of a call that starts a camera loop in the worker (the face demo's live loop, a
 * health measurement; see src/worker/camera-loop.ts), for both sides of the bridge: the worker's
 * calls take the frame feed itself, the page's clients a FeedHandoff (the feed and what to transfer).
 */
import type { FrameFeed } from '../../shared/frame-feed';

/**
 * Starts a loop in the worker on a camera's frames: `frames` and `canvas` (the overlay, transferred)
 * move to the worker, which analyses each frame for `task` and draws its marks on `canvas`;
 * `onReport` gets each frame's result, `onEnd` the reason the loop stopped (null: no error).
 */
export type StartCameraLoop<Task, Options, Report, Frames = FrameFeed> = (
  task: Task,
  frames: Frames,
  canvas: OffscreenCanvas,
  options: Options,
  onReport: (report: Report) => void,
  onEnd: (error: string | null) => void,
) => Promise<void>;
