/**
 * A head that moves in a still photo: translation, lean (scale), yaw and pitch of a curved
 * face surface, and a jaw that opens, as one smooth map from photo pixels to frame pixels.
 * Everything outside the head fades to no motion, so the backdrop stays where it is.
 *
 * The map is forward (photo → frame); frames are drawn backwards (frame → photo), so
 * `WarpGrid` inverts it by Newton's method on a coarse grid of frame points, each starting
 * from its previous frame's answer, and pixels interpolate between grid points. Pure
 * arithmetic on typed arrays; motion-media.ts uses it to draw the heart-rate motion clips.
 */

const TAU = 2 * Math.PI;

/** Where the face is in the photo, in photo pixels (the frame's pixels at rest). */
export interface HeadGeometry {
  /** Centre of the face oval: the pivot of lean and the centre of the face's depth. */
  cx: number;
  cy: number;
  /** Half-width and half-height of the face oval. */
  rx: number;
  ry: number;
  /** The nose tip, which stands out of the face surface. */
  noseX: number;
  noseY: number;
  /** The line between the lips, where the jaw opens, and the chin. */
  lipY: number;
  chinY: number;
}

/** The head's pose at one instant. */
export interface HeadPose {
  /** Translation in frame pixels. */
  dx: number;
  dy: number;
  /** Lean towards (> 1) or away from (< 1) the camera, about the face centre. */
  scale: number;
  /** Turn left/right and nod, radians. */
  yaw: number;
  pitch: number;
  /** How far the chin moves down, as a fraction of the face oval's height (0 = closed). */
  jaw: number;
}

export const REST_POSE: HeadPose = { dx: 0, dy: 0, scale: 1, yaw: 0, pitch: 0, jaw: 0 };

/**
 * The shape of the head model, in units of the face oval's half-width (rx) or height.
 * Depth: the face is a C¹ bump depth·(1 − ρ²)² over an ellipse a little larger than the oval
 * (ρ = 1 at its edge), with the nose a Gaussian on top, all standing `axis` in front of the
 * turning axis (a head turns about the neck, behind the face). The slopes stay gentle enough
 * that ±15° never folds the map, so Newton's method always has one answer.
 */
export const HEAD_SHAPE = {
  /** Ellipse of the depth bump, relative to the oval's half-axes. */
  bump: { x: 1.15, y: 1.1 },
  depth: 0.9,
  axis: 0.6,
  nose: { height: 0.25, sigma: 0.16 },
  /** The head moves as one inside this ellipse (relative to the oval's half-axes), and the
   * motion fades to nothing at `fadeTo` times it: hair and neck follow, the backdrop stays. */
  moving: { x: 1.3, y: 1.3, fadeTo: 1.9 },
  /** Jaw: half of the opening happens across the lip line (± `lipBand`·rx, a mouth that
   * parts), the rest spreads down to the chin; below the chin it fades over `neck`·height. */
  jaw: { lipBand: 0.06, halfWidth: 0.55, fade: 0.45, neck: 0.4 },
  /** The light the shading follows: from the upper right, in front (x right, y down, z to the camera). */
  light: [0.3, -0.5, 1] as const,
  /** The shading change is kept within these factors (steep flanks would flare). */
  shade: [0.8, 1.25] as const,
} as const;

const smoothstep = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

/** A point of the frame and how much brighter or darker the surface there is than at rest. */
export interface WarpedPoint {
  x: number;
  y: number;
  shade: number;
}

/** The forward map of one pose: photo point → frame point, with the shading change. */
export function headMap(
  geometry: HeadGeometry,
  pose: HeadPose,
): (u: number, v: number, out: WarpedPoint) => void {
  const { cx, cy, rx, ry, noseX, noseY, lipY, chinY } = geometry;
  const shape = HEAD_SHAPE;
  const height = 2 * ry;
  const bx = shape.bump.x * rx;
  const by = shape.bump.y * ry;
  const depth = shape.depth * rx;
  const axis = shape.axis * rx;
  const noseHeight = shape.nose.height * rx;
  const noseSigma2 = (shape.nose.sigma * rx) ** 2;
  const mx = shape.moving.x * rx;
  const my = shape.moving.y * ry;
  const fadeSpan = shape.moving.fadeTo - 1;
  const lipBand = shape.jaw.lipBand * rx;
  const jawHalf = shape.jaw.halfWidth * rx;
  const jawFade = shape.jaw.fade * rx;
  const neck = shape.jaw.neck * height;
  const chinDrop = pose.jaw * height;
  const [cosY, sinY, cosP, sinP] = [
    Math.cos(pose.yaw),
    Math.sin(pose.yaw),
    Math.cos(pose.pitch),
    Math.sin(pose.pitch),
  ];
  const lightNorm = Math.hypot(...shape.light);
  const [lx, ly, lz] = shape.light.map((c) => c / lightNorm) as [number, number, number];
  const turned = pose.yaw !== 0 || pose.pitch !== 0;

  return (u, v, out) => {
    const rho = Math.hypot((u - cx) / mx, (v - cy) / my);
    const weight = 1 - smoothstep((rho - 1) / fadeSpan);
    if (weight === 0) {
      out.x = u;
      out.y = v;
      out.shade = 1;
      return;
    }
    // The jaw: points below the lips move down, most across the lip line and the chin.
    let jy = 0;
    if (chinDrop !== 0) {
      const across = 1 - smoothstep((Math.abs(u - cx) - jawHalf) / jawFade);
      const down =
        (0.5 * smoothstep((v - lipY + lipBand) / (2 * lipBand)) +
          0.5 * smoothstep((v - lipY) / (chinY - lipY))) *
        (1 - smoothstep((v - chinY) / neck));
      jy = chinDrop * across * down;
    }
    let x = u - cx;
    let y = v + jy - cy;
    let shade = 1;
    if (turned) {
      // Depth of the face surface and its slope (for the normal), in front of the turning axis.
      const ex = (u - cx) / bx;
      const ey = (v - cy) / by;
      const s = 1 - ex * ex - ey * ey;
      const nx = u - noseX;
      const ny = v - noseY;
      const nose = noseHeight * Math.exp(-(nx * nx + ny * ny) / (2 * noseSigma2));
      let z = axis + nose;
      let zu = (-nose * nx) / noseSigma2;
      let zv = (-nose * ny) / noseSigma2;
      if (s > 0) {
        z += depth * s * s;
        zu += (-4 * depth * s * ex) / bx;
        zv += (-4 * depth * s * ey) / by;
      }
      // Yaw about the vertical axis, then pitch about the horizontal one; orthographic view.
      const x1 = x * cosY + z * sinY;
      const z1 = -x * sinY + z * cosY;
      const y2 = y * cosP - z1 * sinP;
      x = x1;
      y = y2;
      // Lambertian shading: the turned normal against the light, over the normal at rest.
      const norm = Math.hypot(zu, zv, 1);
      const [n0, n1, n2] = [-zu / norm, -zv / norm, 1 / norm];
      const m0 = n0 * cosY + n2 * sinY;
      const m2a = -n0 * sinY + n2 * cosY;
      const m1 = n1 * cosP - m2a * sinP;
      const m2 = n1 * sinP + m2a * cosP;
      const before = Math.max(0.2, n0 * lx + n1 * ly + n2 * lz);
      const after = Math.max(0.2, m0 * lx + m1 * ly + m2 * lz);
      shade = Math.min(Math.max(after / before, shape.shade[0]), shape.shade[1]);
    }
    const fx = cx + pose.scale * x + pose.dx;
    const fy = cy + pose.scale * y + pose.dy;
    out.x = u + weight * (fx - u);
    out.y = v + weight * (fy - v);
    out.shade = 1 + weight * (shade - 1);
  };
}

/**
 * The inverse of a head map on a grid of frame points `step` pixels apart: for each, the
 * photo point that lands there and its shading. Reused frame after frame (warm starts).
 */
export class WarpGrid {
  readonly columns: number;
  readonly rows: number;
  /** Photo x, photo y and shade per grid point, row-major. */
  readonly u: Float32Array;
  readonly v: Float32Array;
  readonly shade: Float32Array;
  private solved = false;

  constructor(
    readonly width: number,
    readonly height: number,
    readonly step: number,
  ) {
    this.columns = Math.ceil((width - 1) / step) + 1;
    this.rows = Math.ceil((height - 1) / step) + 1;
    const points = this.columns * this.rows;
    this.u = new Float32Array(points);
    this.v = new Float32Array(points);
    this.shade = new Float32Array(points).fill(1);
  }

  /** Solves every grid point for `map`; throws if a point does not converge (a folded map). */
  solve(map: (u: number, v: number, out: WarpedPoint) => void): void {
    const here: WarpedPoint = { x: 0, y: 0, shade: 1 };
    const side: WarpedPoint = { x: 0, y: 0, shade: 1 };
    const h = 0.25;
    for (let row = 0, i = 0; row < this.rows; row++) {
      const py = row * this.step;
      for (let column = 0; column < this.columns; column++, i++) {
        const px = column * this.step;
        let u = this.solved ? this.u[i]! : px;
        let v = this.solved ? this.v[i]! : py;
        let converged = false;
        for (let iteration = 0; iteration < 30; iteration++) {
          map(u, v, here);
          const ex = here.x - px;
          const ey = here.y - py;
          if (ex * ex + ey * ey < 1e-6) {
            converged = true;
            break;
          }
          map(u + h, v, side);
          const a = (side.x - here.x) / h;
          const c = (side.y - here.y) / h;
          map(u, v + h, side);
          const b = (side.x - here.x) / h;
          const d = (side.y - here.y) / h;
          const det = a * d - b * c;
          if (!(det > 0.05)) break;
          u -= (d * ex - b * ey) / det;
          v -= (a * ey - c * ex) / det;
        }
        if (!converged) {
          throw new RangeError(
            `The head map does not invert at frame point (${px}, ${py}): the motion folds the face; make it smaller.`,
          );
        }
        this.u[i] = u;
        this.v[i] = v;
        this.shade[i] = here.shade;
      }
    }
    this.solved = true;
  }
}

/** A sum of sines: amplitude, frequency (Hz) and phase (radians) of each. */
export type Waves = readonly { amplitude: number; hz: number; phase?: number }[];

/** The value of `waves` at time `t` seconds. */
export function waveAt(waves: Waves, t: number): number {
  let sum = 0;
  for (const w of waves) sum += w.amplitude * Math.sin(TAU * w.hz * t + (w.phase ?? 0));
  return sum;
}
