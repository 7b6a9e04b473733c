/**
 * Smoothness-priors detrending (Tarvainen, Ranta-aho, Karjalainen, "An advanced detrending
 * method with application to HRV analysis", IEEE TBME 2002): the trend is the solution of
 * (I + λ²·D₂ᵀD₂)·trend = z, with D₂ the second-difference matrix, and the output is z − trend.
 * The matrix is symmetric pentadiagonal, so a banded LDLᵀ solve costs O(n) instead of the
 * paper's dense inverse: a few microseconds for the 300–900 samples of a window.
 */

/**
 * λ for which the detrender halves a sine at cutoffHz. Its response is the high-pass
 * λ²c²/(1 + λ²c²) with c = 2 − 2cos(2πf/fs), so λ = 1/c at the cutoff.
 */
export function detrendLambda(fs: number, cutoffHz: number): number {
  if (!(cutoffHz > 0 && cutoffHz < fs / 2))
    throw new RangeError(`Cutoff ${cutoffHz} Hz is outside (0, fs/2).`);
  return 1 / (2 - 2 * Math.cos((2 * Math.PI * cutoffHz) / fs));
}

/** The signal minus its smoothness-priors trend; λ = 0 removes everything, larger λ keeps slower waves. */
export function detrend(signal: ArrayLike<number>, lambda: number): Float64Array {
  const n = signal.length;
  const l2 = lambda * lambda;
  // A = I + λ²·D₂ᵀD₂: each row of D₂ is [1, −2, 1] at columns k, k+1, k+2.
  const diag = new Float64Array(n).fill(1);
  const off1 = new Float64Array(n);
  const off2 = new Float64Array(n);
  for (let k = 0; k + 2 < n; k += 1) {
    diag[k]! += l2;
    diag[k + 1]! += 4 * l2;
    diag[k + 2]! += l2;
    off1[k]! -= 2 * l2;
    off1[k + 1]! -= 2 * l2;
    off2[k]! += l2;
  }
  // In place: diag → D of LDLᵀ, off1 → L's first subdiagonal (L[i+1][i]), off2 → second (L[i+2][i]).
  for (let i = 0; i < n; i += 1) {
    const l1i = i >= 1 ? off1[i - 1]! : 0;
    const l2i = i >= 2 ? off2[i - 2]! : 0;
    const d = diag[i]! - l1i * l1i * (i >= 1 ? diag[i - 1]! : 0) - l2i * l2i * (i >= 2 ? diag[i - 2]! : 0);
    diag[i] = d;
    // A[i+1][i] = L[i+1][i]·D[i] + L[i+1][i−1]·L[i][i−1]·D[i−1]
    const l2next = i >= 1 ? off2[i - 1]! : 0;
    off1[i] = (off1[i]! - l2next * l1i * (i >= 1 ? diag[i - 1]! : 0)) / d;
    off2[i] = off2[i]! / d;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    out[i] =
      signal[i]! - (i >= 1 ? off1[i - 1]! * out[i - 1]! : 0) - (i >= 2 ? off2[i - 2]! * out[i - 2]! : 0);
  }
  for (let i = 0; i < n; i += 1) out[i]! /= diag[i]!;
  for (let i = n - 1; i >= 0; i -= 1) {
    out[i]! -= (i + 1 < n ? off1[i]! * out[i + 1]! : 0) + (i + 2 < n ? off2[i]! * out[i + 2]! : 0);
  }
  for (let i = 0; i < n; i += 1) out[i] = signal[i]! - out[i]!;
  return out;
}
