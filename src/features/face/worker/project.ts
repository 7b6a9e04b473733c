/**
 * Maps detections from the letterboxed model input back to the analysed frame.
 */
import type { FaceDetection, Point } from '../shared/types';
import type { Letterbox } from './letterbox';

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Detections in 0..1 of the model input → frame pixels. Boxes are clipped to the frame, since a
 * face at the edge is predicted partly outside it; keypoints are not (an ear may be out of view).
 */
export function projectToFrame(
  detections: readonly FaceDetection[],
  fit: Letterbox,
  inputSize: number,
  frameWidth: number,
  frameHeight: number,
): FaceDetection[] {
  const toX = (v: number): number => (v * inputSize - fit.offsetX) / fit.scale;
  const toY = (v: number): number => (v * inputSize - fit.offsetY) / fit.scale;
  return detections.map(({ box: b, score, keypoints }) => {
    const x0 = clamp(toX(b.x), 0, frameWidth);
    const y0 = clamp(toY(b.y), 0, frameHeight);
    const x1 = clamp(toX(b.x + b.width), 0, frameWidth);
    const y1 = clamp(toY(b.y + b.height), 0, frameHeight);
    return {
      box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
      score,
      keypoints: keypoints.map(([x, y]): Point => [toX(x), toY(y)]),
    };
  });
}
