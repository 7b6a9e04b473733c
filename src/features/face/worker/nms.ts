/**
 * Weighted non-maximum suppression, MediaPipe's WEIGHTED algorithm (NonMaxSuppressionCalculator):
 * BlazeFace fires on several neighbouring anchors per face, and averaging them by score gives a
 * steadier box than keeping only the best (the BlazeFace paper's "blending" tie resolution).
 */
import { iou } from '../shared/box';
import type { FaceDetection, Point } from '../shared/types';

/** Score-weighted mean of a cluster's boxes and keypoints; the score stays the best one's. */
function blend(best: FaceDetection, cluster: readonly FaceDetection[]): FaceDetection {
  const total = cluster.reduce((sum, d) => sum + d.score, 0);
  if (cluster.length === 1 || !(total > 0)) return best;
  let xMin = 0;
  let yMin = 0;
  let xMax = 0;
  let yMax = 0;
  const keypoints: Point[] = best.keypoints.map(() => [0, 0]);
  for (const d of cluster) {
    const w = d.score / total;
    xMin += d.box.x * w;
    yMin += d.box.y * w;
    xMax += (d.box.x + d.box.width) * w;
    yMax += (d.box.y + d.box.height) * w;
    keypoints.forEach((kp, k) => {
      const p = d.keypoints[k];
      if (p) {
        kp[0] += p[0] * w;
        kp[1] += p[1] * w;
      }
    });
  }
  return { box: { x: xMin, y: yMin, width: xMax - xMin, height: yMax - yMin }, score: best.score, keypoints };
}

/**
 * Best first: take the top-scoring remaining candidate, blend every remaining candidate whose IoU
 * with it exceeds `iouThreshold` (itself included), drop them, repeat; at most `maxFaces` faces.
 */
export function weightedNms(
  detections: readonly FaceDetection[],
  iouThreshold: number,
  maxFaces: number = Infinity,
): FaceDetection[] {
  // Array.prototype.sort is stable, so equal scores keep their anchor order.
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const faces: FaceDetection[] = [];
  while (remaining.length > 0 && faces.length < maxFaces) {
    const best = remaining[0]!;
    const cluster: FaceDetection[] = [best];
    const rest: FaceDetection[] = [];
    // The best always joins its own cluster, even a zero-area box whose IoU with itself is 0.
    for (const d of remaining.slice(1)) (iou(d.box, best.box) > iouThreshold ? cluster : rest).push(d);
    faces.push(blend(best, cluster));
    remaining = rest;
  }
  return faces;
}
