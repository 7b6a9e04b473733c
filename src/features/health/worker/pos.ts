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
 * O(n·l) with l = ceil(windowSeconds·fs) and no allocation besides the output.
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
  for (let m = 0; m + l <= n; m += 1) {
    let sr = 0;
    let sg = 0;
    let sb = 0;
    for (let i = m; i < m + l; i += 1) {
      sr += rgb[3 * i]!;
      sg += rgb[3 * i + 1]!;
      sb += rgb[3 * i + 2]!;
    }
    // A black window has no colour to normalise; skip it rather than divide by zero.
    if (sr <= 0 || sg <= 0 || sb <= 0) continue;
    const ir = l / sr;
    const ig = l / sg;
    const ib = l / sb;
    let s1Sum = 0;
    let s1Sq = 0;
    let s2Sum = 0;
    let s2Sq = 0;
    for (let i = m; i < m + l; i += 1) {
      const r = rgb[3 * i]! * ir;
      const g = rgb[3 * i + 1]! * ig;
      const b = rgb[3 * i + 2]! * ib;
      const s1 = g - b;
      const s2 = g + b - 2 * r;
      s1Sum += s1;
      s1Sq += s1 * s1;
      s2Sum += s2;
      s2Sq += s2 * s2;
    }
    const s1Var = Math.max(0, s1Sq / l - (s1Sum / l) ** 2);
    const s2Var = Math.max(0, s2Sq / l - (s2Sum / l) ** 2);
    const alpha = s2Var > 0 ? Math.sqrt(s1Var / s2Var) : 0;
    const hMean = (s1Sum + alpha * s2Sum) / l;
    for (let i = m; i < m + l; i += 1) {
      const r = rgb[3 * i]! * ir;
      const g = rgb[3 * i + 1]! * ig;
      const b = rgb[3 * i + 2]! * ib;
      out[i]! += g - b + alpha * (g + b - 2 * r) - hMean;
    }
  }
  return out;
}
