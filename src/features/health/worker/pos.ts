/**
 * Plane-Orthogonal-to-Skin pulse extraction (Wang, den Brinker, Stuijk, de Haan, "Algorithmic
 * principles of remote PPG", IEEE TBME 2017, Algorithm 1). In each short window the colour is
 * divided by its mean, so skin tone and light level cancel; the two projections S1 = G − B and
 * S2 = G + B − 2R lie in the plane orthogonal to the skin tone, where specular and intensity
 * changes mostly cancel when S1 and S2 are mixed by the ratio of their spreads. Overlapping
 * windows are added together, so the output follows the pulse sample by sample.
 */

/** 1.6 s spans at least one beat at 42 bpm, the paper's choice (l = 32 at 20 fps). */
export const DEFAULT_POS_WINDOW_SECONDS = 1.6;

/**
 * The POS pulse signal H (length n) from rgb (n × 3 interleaved, any scale) sampled at fs.
 *
 * O(n), whatever the window: every window's means, spreads and covariances come from prefix
 * sums, and since each window adds a fixed mix of the raw channels (its 1/mean scales and α)
 * to the output, the overlap-add is a prefix sum over windows too. The result equals the
 * paper's window-by-window loop (tested against a numpy transcription of it).
 */
export function pos(
  rgb: ArrayLike<number>,
  fs: number,
  windowSeconds = DEFAULT_POS_WINDOW_SECONDS,
): Float32Array {
  const n = Math.floor(rgb.length / 3);
  const out = new Float32Array(n);
  const l = Math.ceil(windowSeconds * fs);
  if (n < l || l < 2) return out;
  // Prefix sums of the channels and their products, about an offset (each channel's first
  // value) so that variances do not cancel catastrophically.
  const o = [rgb[0]!, rgb[1]!, rgb[2]!] as const;
  const sums = new Float64Array((n + 1) * 9);
  for (let i = 0; i < n; i += 1) {
    const r = rgb[3 * i]! - o[0];
    const g = rgb[3 * i + 1]! - o[1];
    const b = rgb[3 * i + 2]! - o[2];
    const from = 9 * i;
    const to = from + 9;
    sums[to] = sums[from]! + r;
    sums[to + 1] = sums[from + 1]! + g;
    sums[to + 2] = sums[from + 2]! + b;
    sums[to + 3] = sums[from + 3]! + r * r;
    sums[to + 4] = sums[from + 4]! + g * g;
    sums[to + 5] = sums[from + 5]! + b * b;
    sums[to + 6] = sums[from + 6]! + g * b;
    sums[to + 7] = sums[from + 7]! + g * r;
    sums[to + 8] = sums[from + 8]! + b * r;
  }
  // Each window m adds A·g + B·b + C·r − D to its samples; their prefix sums over m.
  const windows = n - l + 1;
  const mix = new Float64Array((windows + 1) * 4);
  for (let m = 0; m < windows; m += 1) {
    const at = 4 * (m + 1);
    mix[at] = mix[at - 4]!;
    mix[at + 1] = mix[at - 3]!;
    mix[at + 2] = mix[at - 2]!;
    mix[at + 3] = mix[at - 1]!;
    const w = (k: number) => (sums[9 * (m + l) + k]! - sums[9 * m + k]!) / l;
    const dr = w(0);
    const dg = w(1);
    const db = w(2);
    const mr = o[0] + dr;
    const mg = o[1] + dg;
    const mb = o[2] + db;
    // A black window has no colour to normalise; skip it rather than divide by zero.
    if (mr <= 0 || mg <= 0 || mb <= 0) continue;
    const vr = Math.max(0, w(3) - dr * dr) / (mr * mr);
    const vg = Math.max(0, w(4) - dg * dg) / (mg * mg);
    const vb = Math.max(0, w(5) - db * db) / (mb * mb);
    const cgb = (w(6) - dg * db) / (mg * mb);
    const cgr = (w(7) - dg * dr) / (mg * mr);
    const cbr = (w(8) - db * dr) / (mb * mr);
    // S1 = G − B and S2 = G + B − 2R of the normalised channels.
    const s1Var = Math.max(0, vg + vb - 2 * cgb);
    const s2Var = Math.max(0, vg + vb + 4 * vr + 2 * cgb - 4 * cgr - 4 * cbr);
    const alpha = s2Var > 0 ? Math.sqrt(s1Var / s2Var) : 0;
    const a = (1 + alpha) / mg;
    const b = (alpha - 1) / mb;
    const c = (-2 * alpha) / mr;
    mix[at]! += a;
    mix[at + 1]! += b;
    mix[at + 2]! += c;
    // The window's mean of A·g + B·b + C·r (zero but for rounding), removed as the paper does.
    mix[at + 3]! += a * mg + b * mb + c * mr;
  }
  for (let i = 0; i < n; i += 1) {
    // Windows m with m ≤ i < m + l.
    const first = Math.max(0, i - l + 1);
    const last = Math.min(i, windows - 1);
    const hi = 4 * (last + 1);
    const lo = 4 * first;
    out[i] =
      rgb[3 * i + 1]! * (mix[hi]! - mix[lo]!) +
      rgb[3 * i + 2]! * (mix[hi + 1]! - mix[lo + 1]!) +
      rgb[3 * i]! * (mix[hi + 2]! - mix[lo + 2]!) -
      (mix[hi + 3]! - mix[lo + 3]!);
  }
  return out;
}
