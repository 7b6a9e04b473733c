/**
 * Zero-phase Butterworth band-pass, designed in code for any sample rate: the analog
 * prototype's poles go through the low-pass → band-pass transform and the bilinear transform
 * (with pre-warped edges), as scipy.signal.butter(order, [low, high], 'bandpass') does, and
 * run forward and backward in second-order sections (scipy.signal.sosfiltfilt).
 */

/** Prototype order: 2 gives a 4th-order band-pass, 8th-order in magnitude after forward-backward. */
export const DEFAULT_FILTER_ORDER = 2;

/** Values per section, scipy's layout: b0, b1, b2, a0 (= 1), a1, a2. */
export const SOS_STRIDE = 6;

/** Designs above this many are forgotten; the estimators reuse one or two. */
const MAX_CACHED_DESIGNS = 16;
const designs = new Map<string, Float64Array>();

interface Complex {
  re: number;
  im: number;
}

const add = (a: Complex, b: Complex): Complex => ({ re: a.re + b.re, im: a.im + b.im });
const sub = (a: Complex, b: Complex): Complex => ({ re: a.re - b.re, im: a.im - b.im });
const mul = (a: Complex, b: Complex): Complex => ({
  re: a.re * b.re - a.im * b.im,
  im: a.re * b.im + a.im * b.re,
});
function div(a: Complex, b: Complex): Complex {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
}
const abs = (a: Complex): number => Math.hypot(a.re, a.im);
function sqrt(a: Complex): Complex {
  const r = Math.hypot(a.re, a.im);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sqrt(Math.max(0, (r - a.re) / 2));
  return { re, im: a.im < 0 ? -im : im };
}

/**
 * Second-order sections (SOS_STRIDE values each, `order` sections) of a Butterworth band-pass
 * with unit gain at the (warped) centre frequency.
 */
export function designBandpass(
  fs: number,
  lowHz: number,
  highHz: number,
  order = DEFAULT_FILTER_ORDER,
): Float64Array {
  if (!(lowHz > 0 && lowHz < highHz && highHz < fs / 2)) {
    throw new RangeError(`Band ${lowHz}–${highHz} Hz must lie inside (0, ${fs / 2}) Hz for fs = ${fs} Hz.`);
  }
  if (!Number.isInteger(order) || order < 1) throw new RangeError(`Filter order must be ≥ 1, got ${order}.`);
  const k = 2 * fs;
  const w1 = k * Math.tan((Math.PI * lowHz) / fs);
  const w2 = k * Math.tan((Math.PI * highHz) / fs);
  const bandwidth = w2 - w1;
  const centreSq: Complex = { re: w1 * w2, im: 0 };

  // Each prototype pole p becomes two analog band-pass poles s = a ± √(a² − ω0²), a = p·B/2,
  // then z = (2fs + s) / (2fs − s). The zeros are `order` at z = 1 and `order` at z = −1.
  const complexPoles: Complex[] = [];
  const realPoles: number[] = [];
  for (let i = 0; i < order; i += 1) {
    const theta = (Math.PI * (2 * i + order + 1)) / (2 * order);
    const a = mul({ re: Math.cos(theta), im: Math.sin(theta) }, { re: bandwidth / 2, im: 0 });
    const d = sqrt(sub(mul(a, a), centreSq));
    for (const s of [add(a, d), sub(a, d)]) {
      const z = div(add({ re: k, im: 0 }, s), sub({ re: k, im: 0 }, s));
      // Conjugate pairs give one section; keep the upper member only.
      if (Math.abs(z.im) <= 1e-12 * Math.max(1, Math.abs(z.re))) realPoles.push(z.re);
      else if (z.im > 0) complexPoles.push(z);
    }
  }
  realPoles.sort((x, y) => x - y);

  const denominators: [number, number][] = complexPoles.map((z) => [-2 * z.re, z.re * z.re + z.im * z.im]);
  for (let i = 0; i + 1 < realPoles.length; i += 2) {
    const p = realPoles[i]!;
    const q = realPoles[i + 1]!;
    denominators.push([-(p + q), p * q]);
  }
  if (denominators.length !== order) throw new Error('Butterworth design lost a pole pair.');

  // Unit gain per section at the centre frequency, so the cascade has unit gain there too.
  const omega = 2 * Math.atan(Math.sqrt(w1 * w2) / k);
  const z1: Complex = { re: Math.cos(omega), im: -Math.sin(omega) };
  const z2 = mul(z1, z1);
  const sos = new Float64Array(order * SOS_STRIDE);
  denominators.forEach(([a1, a2], s) => {
    const num = sub({ re: 1, im: 0 }, z2);
    const den = add(add({ re: 1, im: 0 }, mul({ re: a1, im: 0 }, z1)), mul({ re: a2, im: 0 }, z2));
    const gain = 1 / abs(div(num, den));
    sos.set([gain, 0, -gain, 1, a1, a2], s * SOS_STRIDE);
  });
  return sos;
}

/** |H| of an SOS filter at each frequency (one pass, not forward-backward). */
export function frequencyResponse(sos: Float64Array, fs: number, hz: ArrayLike<number>): Float64Array {
  const out = new Float64Array(hz.length);
  for (let j = 0; j < hz.length; j += 1) {
    const w = (2 * Math.PI * hz[j]!) / fs;
    const z1: Complex = { re: Math.cos(w), im: -Math.sin(w) };
    const z2 = mul(z1, z1);
    let magnitude = 1;
    for (let s = 0; s < sos.length; s += SOS_STRIDE) {
      const c = (i: number) => ({ re: sos[s + i]!, im: 0 });
      const num = add(add(c(0), mul(c(1), z1)), mul(c(2), z2));
      const den = add(add(c(3), mul(c(4), z1)), mul(c(5), z2));
      magnitude *= abs(div(num, den));
    }
    out[j] = magnitude;
  }
  return out;
}

/**
 * Runs every section over buf[from..to] (inclusive, either direction) in place, starting each
 * section in its steady state for a constant input equal to its first sample, as scipy's
 * sosfilt_zi does, so the edges do not ring.
 */
function filterInPlace(sos: Float64Array, buf: Float64Array, from: number, to: number): void {
  const step = to >= from ? 1 : -1;
  for (let s = 0; s < sos.length; s += SOS_STRIDE) {
    const b0 = sos[s]!;
    const b1 = sos[s + 1]!;
    const b2 = sos[s + 2]!;
    const a1 = sos[s + 4]!;
    const a2 = sos[s + 5]!;
    const dcGain = (b0 + b1 + b2) / (1 + a1 + a2);
    const first = buf[from]!;
    let z1 = (dcGain - b0) * first;
    let z2 = (b2 - a2 * dcGain) * first;
    for (let i = from; i !== to + step; i += step) {
      const x = buf[i]!;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      buf[i] = y;
    }
  }
}

/**
 * Zero-phase filtering: odd extension by `padLength` samples at both ends, forward pass,
 * backward pass. The magnitude response is |H|², the phase is zero.
 */
export function sosFiltfilt(sos: Float64Array, signal: ArrayLike<number>, padLength: number): Float64Array {
  const n = signal.length;
  if (n === 0) return new Float64Array(0);
  const pad = Math.max(0, Math.min(Math.floor(padLength), n - 1));
  const buf = new Float64Array(n + 2 * pad);
  const first = signal[0]!;
  const last = signal[n - 1]!;
  for (let i = 0; i < pad; i += 1) {
    buf[pad - 1 - i] = 2 * first - signal[i + 1]!;
    buf[pad + n + i] = 2 * last - signal[n - 2 - i]!;
  }
  for (let i = 0; i < n; i += 1) buf[pad + i] = signal[i]!;
  filterInPlace(sos, buf, 0, buf.length - 1);
  filterInPlace(sos, buf, buf.length - 1, 0);
  return buf.slice(pad, pad + n);
}

/** The cached design for these settings. */
function cachedDesign(fs: number, lowHz: number, highHz: number, order: number): Float64Array {
  const key = `${fs}|${lowHz}|${highHz}|${order}`;
  let sos = designs.get(key);
  if (!sos) {
    if (designs.size >= MAX_CACHED_DESIGNS) designs.clear();
    sos = designBandpass(fs, lowHz, highHz, order);
    designs.set(key, sos);
  }
  return sos;
}

/**
 * Zero-phase Butterworth band-pass of `signal` sampled at fs. The padding is at least one
 * period of the low edge, since that is how long the high-pass half takes to settle.
 */
export function bandpass(
  signal: ArrayLike<number>,
  fs: number,
  lowHz: number,
  highHz: number,
  order = DEFAULT_FILTER_ORDER,
): Float64Array {
  const sos = cachedDesign(fs, lowHz, highHz, order);
  const padLength = Math.max(3 * (2 * order + 1), Math.ceil(fs / lowHz));
  return sosFiltfilt(sos, signal, padLength);
}
