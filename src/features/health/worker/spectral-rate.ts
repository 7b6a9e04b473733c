/**
 * The tail both rate estimators share: detrend → zero-phase band-pass → spectrum → peak →
 * quality. The input is already on a uniform grid.
 */
import type { SpectralRateConfig } from '../shared/config';
import { bandpass } from './butterworth';
import { detrend, detrendLambda } from './detrend';
import { peakFrequency, signalQuality, spectrum } from './spectrum';

export interface SpectralRate {
  /** Peak frequency in Hz, or null when the band has no peak. */
  hz: number | null;
  snrDb: number;
  quality: number;
  /** The detrended, band-passed signal. */
  filtered: Float64Array;
}

/** Dominant frequency of `signal` (sampled at fs) inside config.band, with its spectral quality. */
export function spectralRate(
  signal: ArrayLike<number>,
  fs: number,
  config: SpectralRateConfig,
): SpectralRate {
  const { band } = config;
  const filtered = bandpass(
    detrend(signal, detrendLambda(fs, config.detrendCutoffHz)),
    fs,
    band.lowHz,
    band.highHz,
    config.filterOrder,
  );
  const s = spectrum(filtered, fs, { minHz: band.lowHz, maxHz: band.highHz, zeroPadTo: config.zeroPadTo });
  const hz = peakFrequency(s);
  if (hz === null) return { hz, snrDb: Number.NEGATIVE_INFINITY, quality: 0, filtered };
  const { snrDb, quality } = signalQuality(s, hz, {
    halfWidthHz: config.signalHalfWidthHz,
    floorDb: config.snrFloorDb,
    ceilingDb: config.snrCeilingDb,
  });
  return { hz, snrDb, quality, filtered };
}

/** A Float32 copy scaled so the largest magnitude is 1 (all zeros stay zeros), for plotting. */
export function normalizePeak(signal: ArrayLike<number>): Float32Array {
  let peak = 0;
  for (let i = 0; i < signal.length; i += 1) peak = Math.max(peak, Math.abs(signal[i]!));
  const out = new Float32Array(signal.length);
  const scale = peak > 0 ? 1 / peak : 0;
  for (let i = 0; i < signal.length; i += 1) out[i] = signal[i]! * scale;
  return out;
}
