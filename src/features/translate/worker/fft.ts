/**
 * Fast Fourier transforms for the log-mel front end: a mixed-radix complex FFT (recursive
 * decimation in time; radix-4 and radix-2 butterflies, and a general one for other small
 * factors) and a real-input FFT of even size n computed as a complex FFT of size n/2.
 * Whisper's 400-point frame (2^4 · 5^2) runs as a 200-point complex FFT (4 · 2 · 5 · 5).
 */

/** The radix of one decimation step: 4 while n has it, then the smallest prime factor. */
function radixOf(n: number): number {
  if (n % 4 === 0) return 4;
  for (let p = 2; p * p <= n; p += 1) if (n % p === 0) return p;
  return n;
}

/** A complex FFT of one size, with its twiddles and scratch space allocated once. */
export class ComplexFft {
  /** exp(-2πik/n), k = 0..n-1. */
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly scratch: Float64Array;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`An FFT needs a positive size, got ${size}.`);
    this.cos = new Float64Array(size);
    this.sin = new Float64Array(size);
    for (let k = 0; k < size; k += 1) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    let largest = 1;
    for (let n = size; n > 1; n /= radixOf(n)) largest = Math.max(largest, radixOf(n));
    this.scratch = new Float64Array(2 * largest);
  }

  /** Transforms (inRe, inIm) into (outRe, outIm); the input is left as it was. */
  transform(inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    this.step(this.size, inRe, inIm, 0, 1, outRe, outIm, 0);
  }

  /** out[at..at+n) = DFT of in[from], in[from + stride], …, n values. */
  private step(
    n: number,
    inRe: Float64Array,
    inIm: Float64Array,
    from: number,
    stride: number,
    outRe: Float64Array,
    outIm: Float64Array,
    at: number,
  ): void {
    if (n === 1) {
      outRe[at] = inRe[from]!;
      outIm[at] = inIm[from]!;
      return;
    }
    const p = radixOf(n);
    const m = n / p;
    // p interleaved sub-sequences, each transformed into its own block of m outputs.
    for (let q = 0; q < p; q += 1)
      this.step(m, inRe, inIm, from + q * stride, stride * p, outRe, outIm, at + q * m);
    if (p === 2) this.radix2(m, outRe, outIm, at);
    else if (p === 4) this.radix4(m, outRe, outIm, at);
    else this.radixP(p, m, outRe, outIm, at);
  }

  private radix2(m: number, re: Float64Array, im: Float64Array, at: number): void {
    const { cos, sin } = this;
    const step = this.size / (2 * m);
    for (let k = 0; k < m; k += 1) {
      const i0 = at + k;
      const i1 = i0 + m;
      const c = cos[k * step]!;
      const s = sin[k * step]!;
      const tRe = re[i1]! * c - im[i1]! * s;
      const tIm = re[i1]! * s + im[i1]! * c;
      re[i1] = re[i0]! - tRe;
      im[i1] = im[i0]! - tIm;
      re[i0] = re[i0]! + tRe;
      im[i0] = im[i0]! + tIm;
    }
  }

  /** X[k + r·m] = Σ_q (−i)^{qr} · W_{4m}^{qk} · Y_q[k]. */
  private radix4(m: number, re: Float64Array, im: Float64Array, at: number): void {
    const { cos, sin } = this;
    const step = this.size / (4 * m);
    for (let k = 0; k < m; k += 1) {
      const i0 = at + k;
      const i1 = i0 + m;
      const i2 = i1 + m;
      const i3 = i2 + m;
      const w1 = k * step;
      const w2 = 2 * w1;
      const w3 = 3 * w1;
      const a0Re = re[i0]!;
      const a0Im = im[i0]!;
      const a1Re = re[i1]! * cos[w1]! - im[i1]! * sin[w1]!;
      const a1Im = re[i1]! * sin[w1]! + im[i1]! * cos[w1]!;
      const a2Re = re[i2]! * cos[w2]! - im[i2]! * sin[w2]!;
      const a2Im = re[i2]! * sin[w2]! + im[i2]! * cos[w2]!;
      const a3Re = re[i3]! * cos[w3]! - im[i3]! * sin[w3]!;
      const a3Im = re[i3]! * sin[w3]! + im[i3]! * cos[w3]!;
      const sumRe = a0Re + a2Re;
      const sumIm = a0Im + a2Im;
      const difRe = a0Re - a2Re;
      const difIm = a0Im - a2Im;
      const oddRe = a1Re + a3Re;
      const oddIm = a1Im + a3Im;
      // −i·(a1 − a3)
      const rotRe = a1Im - a3Im;
      const rotIm = a3Re - a1Re;
      re[i0] = sumRe + oddRe;
      im[i0] = sumIm + oddIm;
      re[i1] = difRe + rotRe;
      im[i1] = difIm + rotIm;
      re[i2] = sumRe - oddRe;
      im[i2] = sumIm - oddIm;
      re[i3] = difRe - rotRe;
      im[i3] = difIm - rotIm;
    }
  }

  /** Any radix: X[k + r·m] = Σ_q W_p^{qr} · W_n^{qk} · Y_q[k], in place through a scratch row. */
  private radixP(p: number, m: number, re: Float64Array, im: Float64Array, at: number): void {
    const { cos, sin, scratch } = this;
    const nStep = this.size / (p * m);
    const pStep = this.size / p;
    for (let k = 0; k < m; k += 1) {
      for (let q = 0; q < p; q += 1) {
        const i = at + q * m + k;
        const w = q * k * nStep;
        scratch[2 * q] = re[i]! * cos[w]! - im[i]! * sin[w]!;
        scratch[2 * q + 1] = re[i]! * sin[w]! + im[i]! * cos[w]!;
      }
      for (let r = 0; r < p; r += 1) {
        let sumRe = 0;
        let sumIm = 0;
        // (q·r) mod p, stepped by r without a division.
        for (let q = 0, qr = 0; q < p; q += 1, qr = qr + r >= p ? qr + r - p : qr + r) {
          const w = qr * pStep;
          const a = scratch[2 * q]!;
          const b = scratch[2 * q + 1]!;
          sumRe += a * cos[w]! - b * sin[w]!;
          sumIm += a * sin[w]! + b * cos[w]!;
        }
        re[at + r * m + k] = sumRe;
        im[at + r * m + k] = sumIm;
      }
    }
  }
}

/**
 * Power spectrum |X[k]|², k = 0..n/2, of a real sequence of even length n. The sequence is
 * packed as z[j] = x[2j] + i·x[2j+1], transformed at size n/2, and unpacked:
 * X[k] = E[k] + W_n^k · O[k], with E and O the transforms of the even and odd samples.
 */
export class RealPowerSpectrum {
  private readonly half: ComplexFft;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;
  private readonly fRe: Float64Array;
  private readonly fIm: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(readonly size: number) {
    if (size < 2 || size % 2 !== 0) throw new Error(`A real FFT needs an even size, got ${size}.`);
    const h = size / 2;
    this.half = new ComplexFft(h);
    this.zRe = new Float64Array(h);
    this.zIm = new Float64Array(h);
    this.fRe = new Float64Array(h);
    this.fIm = new Float64Array(h);
    this.cos = new Float64Array(h + 1);
    this.sin = new Float64Array(h + 1);
    for (let k = 0; k <= h; k += 1) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** Writes |X[k]|² for k = 0..n/2 into `power` (length n/2 + 1). */
  power(samples: Float64Array, power: Float64Array): void {
    const h = this.size / 2;
    const { zRe, zIm, fRe, fIm, cos, sin } = this;
    for (let j = 0; j < h; j += 1) {
      zRe[j] = samples[2 * j]!;
      zIm[j] = samples[2 * j + 1]!;
    }
    this.half.transform(zRe, zIm, fRe, fIm);
    for (let k = 0; k <= h; k += 1) {
      const a = k % h;
      const b = (h - k) % h;
      // E = (Z[k] + conj Z[h−k]) / 2, O = (Z[k] − conj Z[h−k]) / 2i.
      const eRe = (fRe[a]! + fRe[b]!) / 2;
      const eIm = (fIm[a]! - fIm[b]!) / 2;
      const oRe = (fIm[a]! + fIm[b]!) / 2;
      const oIm = (fRe[b]! - fRe[a]!) / 2;
      const re = eRe + oRe * cos[k]! - oIm * sin[k]!;
      const im = eIm + oRe * sin[k]! + oIm * cos[k]!;
      power[k] = re * re + im * im;
    }
  }
}
