/**
 * Power spectrum, peak picking and spectral signal quality for the rate estimators.
 */
import { fft, nextPowerOfTwo } from './fft';

/** Power of bins startHz, startHz + binHz, … (only the requested band is kept). */
export interface Spectrum {
  power: Float64Array;
  startHz: number;
  binHz: number;
  /** fs / signal length: the true resolution; zero padding only interpolates between these. */
  resolutionHz: number;
}

export interface SpectrumOptions {
  minHz?: number;
  maxHz?: number;
  /** Zero-pad to at least this many samples (rounded up to a power of two) for finer bins. */
  zeroPadTo?: number;
}

export interface QualityOptions {
  /** Bins within this distance of the peak (and of its first harmonic) count as signal. */
  halfWidthHz: number;
  /** SNR (dB) that maps to quality 0 and to quality 1; linear in between. */
  floorDb: number;
  ceilingDb: number;
}

export interface SignalQuality {
  snrDb: number;
  quality: number;
}

/** Keeps a silent bin finite in dB and log space. */
const TINY_POWER = 1e-30;
/** SNR reported when there is nothing outside the signal bins (a pure sine). */
const MAX_SNR_DB = 60;

/**
 * Hann-windowed (periodic form) power spectrum of the band [minHz, maxHz]. The mean is removed
 * first so the DC term's window leakage cannot swamp the lowest bins. A sine of amplitude A
 * centred on a bin has power A²/4 there.
 */
export function spectrum(signal: ArrayLike<number>, fs: number, options: SpectrumOptions = {}): Spectrum {
  const n = signal.length;
  if (n < 2) throw new RangeError(`A spectrum needs at least 2 samples, got ${n}.`);
  const size = nextPowerOfTwo(Math.max(n, options.zeroPadTo ?? n));
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  let mean = 0;
  for (let i = 0; i < n; i += 1) mean += signal[i]!;
  mean /= n;
  let windowSum = 0;
  for (let i = 0; i < n; i += 1) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    windowSum += w;
    re[i] = (signal[i]! - mean) * w;
  }
  fft(re, im);
  const binHz = fs / size;
  const first = Math.max(0, Math.ceil((options.minHz ?? 0) / binHz - 1e-9));
  const last = Math.min(size / 2, Math.floor((options.maxHz ?? fs / 2) / binHz + 1e-9));
  const power = new Float64Array(Math.max(0, last - first + 1));
  const scale = 1 / (windowSum * windowSum);
  for (let k = first; k <= last; k += 1) power[k - first] = (re[k]! * re[k]! + im[k]! * im[k]!) * scale;
  return { power, startHz: first * binHz, binHz, resolutionHz: fs / n };
}

/**
 * Frequency of the highest local maximum inside the spectrum (a rise at either edge belongs to
 * something outside the band), refined by a parabola through the log power of the peak bin and
 * its neighbours. On a Hann window the main lobe is close to a Gaussian, whose log is exactly a
 * parabola, so this is far more accurate than a parabola on linear power. Null without a peak.
 */
export function peakFrequency(s: Spectrum): number | null {
  const p = s.power;
  let best = -1;
  for (let k = 1; k + 1 < p.length; k += 1) {
    if (p[k]! > p[k - 1]! && p[k]! >= p[k + 1]! && (best < 0 || p[k]! > p[best]!)) best = k;
  }
  if (best < 0) return null;
  const a = Math.log(p[best - 1]! + TINY_POWER);
  const b = Math.log(p[best]! + TINY_POWER);
  const c = Math.log(p[best + 1]! + TINY_POWER);
  const curvature = a - 2 * b + c;
  const offset = curvature < 0 ? (0.5 * (a - c)) / curvature : 0;
  return s.startHz + (best + offset) * s.binHz;
}

/** Linear map of SNR (dB) onto 0..1 between floorDb and ceilingDb. */
export function snrToQuality(snrDb: number, floorDb: number, ceilingDb: number): number {
  return Math.min(1, Math.max(0, (snrDb - floorDb) / (ceilingDb - floorDb)));
}

/**
 * SNR in the manner of de Haan & Jeanne ("Robust pulse rate from chrominance-based rPPG",
 * IEEE TBME 2013): power within ±halfWidthHz of the peak and of its first harmonic (where it
 * falls inside the spectrum's band), against the power in the rest of the band, in dB; then
 * mapped linearly to 0..1. The half-width is fixed in hertz on purpose: over a short window the
 * Hann main lobe is wider than the signal bins and part of a true peak counts as noise, so a
 * short window needs a cleaner signal to reach the same quality, while noise alone scores the
 * same at any length.
 */
export function signalQuality(s: Spectrum, peakHz: number, options: QualityOptions): SignalQuality {
  const halfWidth = options.halfWidthHz;
  let signal = 0;
  let noise = 0;
  for (let k = 0; k < s.power.length; k += 1) {
    const f = s.startHz + k * s.binHz;
    const inSignal = Math.abs(f - peakHz) <= halfWidth || Math.abs(f - 2 * peakHz) <= halfWidth;
    if (inSignal) signal += s.power[k]!;
    else noise += s.power[k]!;
  }
  const snrDb =
    noise <= TINY_POWER ? MAX_SNR_DB : Math.min(MAX_SNR_DB, 10 * Math.log10((signal + TINY_POWER) / noise));
  return { snrDb, quality: snrToQuality(snrDb, options.floorDb, options.ceilingDb) };
}
