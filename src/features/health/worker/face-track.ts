/**
 * Follows the skin from frame to frame with sub-pixel precision, so the pulse patches stay on
 * the same skin while the head sways, leans or turns a little. Between two key frames (each
 * new face mesh), the brightness of the key frame's face region is matched in every new frame
 * by inverse-compositional Lucas–Kanade (Baker & Matthews, "Lucas-Kanade 20 years on", IJCV
 * 2004) over a shift and a scale about the region's centre, with the brightness gain
 * estimated at each step so a change of light is not read as motion.
 *
 * Both images are read at a reduced size (area means over factor × factor pixels, about 48
 * samples across the region), which smooths sensor noise and widens the range of motion one
 * step can find; the frame-to-frame prediction (constant velocity) does the rest.
 */
import type { FrameBytes } from '../../face/worker/frame-bytes';
import { luminance } from './frame-checks';

/** Key-frame coordinates to current-frame coordinates: p' = centre + scale·(p − centre) + (dx, dy). */
export interface Similarity {
  dx: number;
  dy: number;
  scale: number;
}

export const IDENTITY: Similarity = { dx: 0, dy: 0, scale: 1 };

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TrackConfig {
  /** Samples across the region at the reduced size. */
  samplesAcross: number;
  /** The key crop reaches this fraction of the region's size beyond it on every side. */
  margin: number;
  /** Gauss–Newton steps per frame at most. */
  iterations: number;
  /** Steps stop once the shift changes by less than this many frame pixels. */
  epsilonPixels: number;
  /**
   * A match whose RMS brightness error exceeds this fraction of the key region's own contrast
   * (its standard deviation) has lost the face: the caller places the patches afresh.
   */
  maxResidual: number;
}

export const DEFAULT_TRACK_CONFIG: TrackConfig = {
  samplesAcross: 48,
  margin: 0.25,
  iterations: 10,
  epsilonPixels: 0.01,
  maxResidual: 0.6,
};

/** Luma of a frame's rectangle at 1/factor size: each value is the mean of a factor² block. */
export interface LumaCrop {
  data: Float32Array;
  width: number;
  height: number;
  /** Frame coordinates of the crop's top-left corner (whole pixels). */
  x0: number;
  y0: number;
  factor: number;
}

/** The luma plane of YUV frames, or Rec. 601 luma of RGB ones, averaged over factor² blocks. */
export function lumaCrop(frame: FrameBytes, rect: Rect, factor: number): LumaCrop {
  const f = Math.max(1, Math.floor(factor));
  const x0 = Math.floor(rect.x0);
  const y0 = Math.floor(rect.y0);
  const width = Math.max(1, Math.ceil((rect.x1 - x0) / f));
  const height = Math.max(1, Math.ceil((rect.y1 - y0) / f));
  const data = new Float32Array(width * height);
  const { layout, format } = frame;
  const p0 = layout[0]!;
  const yuv = format === 'I420' || format === 'I420A' || format === 'NV12';
  const swap = format === 'BGRA' || format === 'BGRX';
  const maxX = frame.width - 1;
  const maxY = frame.height - 1;
  const inv = 1 / (f * f);
  for (let j = 0; j < height; j += 1) {
    for (let i = 0; i < width; i += 1) {
      let sum = 0;
      for (let v = 0; v < f; v += 1) {
        // Pixels outside the frame repeat its edge, so a crop near the border stays defined.
        const y = Math.min(maxY, Math.max(0, y0 + j * f + v));
        const line = p0.offset + y * p0.stride;
        for (let u = 0; u < f; u += 1) {
          const x = Math.min(maxX, Math.max(0, x0 + i * f + u));
          if (yuv) sum += frame.data[line + x]!;
          else {
            const at = line + x * 4;
            const r = frame.data[at + (swap ? 2 : 0)]!;
            const b = frame.data[at + (swap ? 0 : 2)]!;
            sum += luminance(r, frame.data[at + 1]!, b);
          }
        }
      }
      data[j * width + i] = sum * inv;
    }
  }
  return { data, width, height, x0, y0, factor: f };
}

/** Bilinear value of the crop at crop coordinates (u, v) (pixel centres at integers), clamped at its edges. */
function sample(crop: LumaCrop, u: number, v: number): number {
  const { width, height, data } = crop;
  const uc = Math.min(width - 1, Math.max(0, u));
  const vc = Math.min(height - 1, Math.max(0, v));
  const i = Math.min(width - 2, Math.floor(uc));
  const j = Math.min(height - 2, Math.floor(vc));
  if (i < 0 || j < 0) return data[Math.round(vc) * width + Math.round(uc)]!;
  const a = uc - i;
  const b = vc - j;
  const at = j * width + i;
  const top = data[at]! + a * (data[at + 1]! - data[at]!);
  const bottom = data[at + width]! + a * (data[at + width + 1]! - data[at + width]!);
  return top + b * (bottom - top);
}

/** What one frame's match found. */
export interface TrackResult {
  transform: Similarity;
  /** RMS brightness error over the key region's contrast (0 for a perfect match). */
  residual: number;
  /** False when the residual says the face was lost. */
  ok: boolean;
}

/** The key frame's region, ready for matching: its samples, their gradients and the Gauss–Newton matrix. */
interface Key {
  crop: LumaCrop;
  /** Frame coordinates of each template sample, its value and Jacobian row. */
  xs: Float64Array;
  ys: Float64Array;
  values: Float64Array;
  jac: Float64Array;
  /** Inverse of JᵀJ (3 × 3, row-major). */
  inverse: Float64Array;
  mean: number;
  contrast: number;
  centre: [number, number];
  /** The region's size, for the reduced size of the frames matched against it. */
  span: number;
}

function invert3(m: Float64Array): Float64Array | null {
  const [a, b, c, d, e, f, g, h, i] = m as unknown as number[];
  const A = e! * i! - f! * h!;
  const B = -(d! * i! - f! * g!);
  const C = d! * h! - e! * g!;
  const det = a! * A + b! * B + c! * C;
  if (!(Math.abs(det) > 1e-12)) return null;
  const r = 1 / det;
  return Float64Array.from([
    A * r,
    -(b! * i! - c! * h!) * r,
    (b! * f! - c! * e!) * r,
    B * r,
    (a! * i! - c! * g!) * r,
    -(a! * f! - c! * d!) * r,
    C * r,
    -(a! * h! - b! * g!) * r,
    (a! * e! - b! * d!) * r,
  ]);
}

/**
 * Tracks one face region: `setKey` on a frame where the region is known (a new mesh), then
 * `track` on each later frame, which returns where the key region went.
 */
export class FaceTrack {
  private key: Key | null = null;
  private last: Similarity = IDENTITY;
  private velocity: Similarity = IDENTITY;
  private readonly config: TrackConfig;

  constructor(config: Partial<TrackConfig> = {}) {
    this.config = { ...DEFAULT_TRACK_CONFIG, ...config };
  }

  get hasKey(): boolean {
    return this.key !== null;
  }

  /** The key region's centre, about which `track`'s scale applies (null without a key). */
  get centre(): readonly [number, number] | null {
    return this.key?.centre ?? null;
  }

  /** Forgets the key (the face was lost); the next frames need a new one. */
  reset(): void {
    this.key = null;
    this.last = IDENTITY;
    this.velocity = IDENTITY;
  }

  /**
   * Makes `region` of this frame the key. The motion of the frames before carries over as the
   * prediction for the next one. Returns false when the region has no texture to follow.
   */
  setKey(frame: FrameBytes, region: Rect): boolean {
    const w = region.x1 - region.x0;
    const h = region.y1 - region.y0;
    const span = Math.max(w, h);
    if (!(span > 2)) return false;
    const factor = Math.max(1, Math.floor(span / this.config.samplesAcross));
    const crop = lumaCrop(frame, region, factor);
    const { width, height, data } = crop;
    const centre: [number, number] = [(region.x0 + region.x1) / 2, (region.y0 + region.y1) / 2];
    const count = Math.max(0, (width - 2) * (height - 2));
    const xs = new Float64Array(count);
    const ys = new Float64Array(count);
    const values = new Float64Array(count);
    const jac = new Float64Array(count * 3);
    const hessian = new Float64Array(9);
    let k = 0;
    let sum = 0;
    let sumSq = 0;
    for (let j = 1; j < height - 1; j += 1) {
      for (let i = 1; i < width - 1; i += 1) {
        const at = j * width + i;
        const x = crop.x0 + (i + 0.5) * factor - 0.5;
        const y = crop.y0 + (j + 0.5) * factor - 0.5;
        const gx = (data[at + 1]! - data[at - 1]!) / (2 * factor);
        const gy = (data[at + width]! - data[at - width]!) / (2 * factor);
        const js = gx * (x - centre[0]) + gy * (y - centre[1]);
        xs[k] = x;
        ys[k] = y;
        values[k] = data[at]!;
        jac[3 * k] = gx;
        jac[3 * k + 1] = gy;
        jac[3 * k + 2] = js;
        const row = [gx, gy, js];
        for (let r = 0; r < 3; r += 1)
          for (let c = 0; c < 3; c += 1) hessian[3 * r + c]! += row[r]! * row[c]!;
        sum += data[at]!;
        sumSq += data[at]! * data[at]!;
        k += 1;
      }
    }
    const inverse = count > 0 ? invert3(hessian) : null;
    const mean = count > 0 ? sum / count : 0;
    const contrast = count > 0 ? Math.sqrt(Math.max(0, sumSq / count - mean * mean)) : 0;
    if (!inverse || contrast < 0.5) {
      this.key = null;
      return false;
    }
    // The motion so far continues: the prediction keeps its velocity in the new key's terms.
    this.key = { crop, xs, ys, values, jac, inverse, mean, contrast, centre, span };
    this.last = IDENTITY;
    return true;
  }

  /** Where the key region is in `frame`, from the prediction refined by Lucas–Kanade. */
  track(frame: FrameBytes): TrackResult {
    const key = this.key;
    if (!key) return { transform: IDENTITY, residual: Infinity, ok: false };
    const { config } = this;
    // Constant velocity: the shift grows by the last frame's shift, the scale by its ratio.
    let p: Similarity = {
      dx: this.last.dx + this.velocity.dx,
      dy: this.last.dy + this.velocity.dy,
      scale: this.last.scale * this.velocity.scale,
    };
    const [cx, cy] = key.centre;
    const { factor } = key.crop;
    // The current crop covers the key region moved by the prediction, with room for the match to move.
    const reach = key.span * (0.5 + config.margin) * p.scale + 4 * factor;
    const crop = lumaCrop(
      frame,
      { x0: cx + p.dx - reach, y0: cy + p.dy - reach, x1: cx + p.dx + reach, y1: cy + p.dy + reach },
      factor,
    );
    const n = key.values.length;
    const warped = new Float64Array(n);
    let residual = Infinity;
    for (let iteration = 0; iteration < config.iterations; iteration += 1) {
      let sumWarped = 0;
      for (let k = 0; k < n; k += 1) {
        const x = cx + p.scale * (key.xs[k]! - cx) + p.dx;
        const y = cy + p.scale * (key.ys[k]! - cy) + p.dy;
        const value = sample(crop, (x + 0.5 - crop.x0) / factor - 0.5, (y + 0.5 - crop.y0) / factor - 0.5);
        warped[k] = value;
        sumWarped += value;
      }
      // Brightness gain between the frames: a change of light scales both images' texture alike.
      const gain = sumWarped > 0 && key.mean > 0 ? sumWarped / n / key.mean : 1;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let sq = 0;
      for (let k = 0; k < n; k += 1) {
        const error = warped[k]! / gain - key.values[k]!;
        b0 += key.jac[3 * k]! * error;
        b1 += key.jac[3 * k + 1]! * error;
        b2 += key.jac[3 * k + 2]! * error;
        sq += error * error;
      }
      residual = Math.sqrt(sq / Math.max(1, n)) / key.contrast;
      const inv = key.inverse;
      const ddx = inv[0]! * b0 + inv[1]! * b1 + inv[2]! * b2;
      const ddy = inv[3]! * b0 + inv[4]! * b1 + inv[5]! * b2;
      const ds = inv[6]! * b0 + inv[7]! * b1 + inv[8]! * b2;
      // Inverse composition: W(p) ∘ W(Δp)⁻¹, both about the key centre.
      const scale = p.scale / (1 + ds);
      p = { dx: p.dx - (p.scale * ddx) / (1 + ds), dy: p.dy - (p.scale * ddy) / (1 + ds), scale };
      if (!Number.isFinite(p.dx) || !Number.isFinite(p.dy) || !(p.scale > 0)) {
        return { transform: this.last, residual: Infinity, ok: false };
      }
      if (
        Math.hypot(ddx, ddy) * p.scale < config.epsilonPixels &&
        Math.abs(ds) < config.epsilonPixels / key.span
      )
        break;
    }
    const ok = residual <= config.maxResidual;
    if (ok) {
      this.velocity = { dx: p.dx - this.last.dx, dy: p.dy - this.last.dy, scale: p.scale / this.last.scale };
      this.last = p;
    }
    return { transform: p, residual, ok };
  }
}

/** A point of the key frame moved by `t` about `centre`. */
export function applySimilarity(
  t: Similarity,
  centre: readonly [number, number],
  [x, y]: readonly [number, number],
): [number, number] {
  return [centre[0] + t.scale * (x - centre[0]) + t.dx, centre[1] + t.scale * (y - centre[1]) + t.dy];
}
