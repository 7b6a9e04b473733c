/**
 * MoveNet SinglePose Lightning: the frame letterboxed into a 192×192 int32 RGB input
 * (0..255), 17 keypoints out as (y, x, score) normalised to that input, mapped back to frame
 * pixels.
 */
import type { Letterbox } from '../../face/worker/letterbox';
import { letterbox } from '../../face/worker/letterbox';
import { frameSize, letterboxInput, type FrameSource } from '../../face/worker/pixels';
import type { ModelRunner } from '../../face/worker/detect-faces';
import { MOVENET_KEYPOINTS, type Keypoint } from '../shared/types';

export const MOVENET_INPUT_SIZE = 192;

/** MoveNet's [1, 1, 17, 3] output (y, x, score in input fractions) → keypoints in frame pixels. */
export function decodePose(output: ArrayLike<number>, box: Letterbox, size = MOVENET_INPUT_SIZE): Keypoint[] {
  if (output.length < MOVENET_KEYPOINTS.length * 3)
    throw new RangeError(
      `MoveNet output has ${output.length} values, expected ${MOVENET_KEYPOINTS.length * 3}.`,
    );
  return MOVENET_KEYPOINTS.map((_, i) => ({
    x: (output[3 * i + 1]! * size - box.offsetX) / box.scale,
    y: (output[3 * i]! * size - box.offsetY) / box.scale,
    score: output[3 * i + 2]!,
  }));
}

export interface PoseResult {
  keypoints: Keypoint[];
  width: number;
  height: number;
  timings: { pre: number; model: number };
}

/** Runs MoveNet on one frame; the caller owns (and closes) the frame. */
export async function estimatePose(
  run: ModelRunner,
  handle: number,
  frame: FrameSource,
): Promise<PoseResult> {
  const started = performance.now();
  const { width, height } = frameSize(frame);
  const size = MOVENET_INPUT_SIZE;
  const box = letterbox(width, height, size);
  const pixels = await letterboxInput(frame, box, size, 1, 0);
  const data = new Int32Array(pixels.length);
  for (let i = 0; i < pixels.length; i += 1) data[i] = Math.round(pixels[i]!);
  const preDone = performance.now();
  const [output] = await run(handle, [{ dtype: 'int32', shape: [1, size, size, 3], data }]);
  if (!output || output.dtype !== 'float32' || output.data.length < MOVENET_KEYPOINTS.length * 3)
    throw new Error('The pose model returned unexpected outputs.');
  return {
    keypoints: decodePose(output.data, box, size),
    width,
    height,
    timings: { pre: preDone - started, model: performance.now() - preDone },
  };
}
