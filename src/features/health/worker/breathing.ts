/**
 * Breathing rate from a slow series: the mean height of shoulder or face landmarks (the chest
 * lifts them on each breath) or the loudness envelope of breath sounds from the microphone.
 * Same spectral method as the heart rate, in BREATH_BAND over a longer window.
 */
import { DEFAULT_BREATHING_CONFIG, type BreathingConfig } from '../shared/config';
import type { BreathingReason, BreathingResult, SeriesSample } from '../shared/types';
import { recentWindow } from './recent-window';
import { resample } from './resample';
import { normalizePeak, spectralRate } from './spectral-rate';

function noRate(reason: BreathingReason, rateHz: number): BreathingResult {
  return {
    perMinute: null,
    quality: 0,
    snrDb: Number.NEGATIVE_INFINITY,
    reason,
    waveform: new Float32Array(0),
    waveformRateHz: rateHz,
  };
}

/**
 * Breaths per minute over the newest `windowSeconds` of `series` (in time order). Null, with a
 * reason, until `minSeconds` of gap-free signal give a quality of at least `minQuality`.
 */
export function estimateBreathingRate(
  series: readonly SeriesSample[],
  config: Partial<BreathingConfig> = {},
): BreathingResult {
  const c: BreathingConfig = { ...DEFAULT_BREATHING_CONFIG, ...config };
  const recent = recentWindow(series, c);
  if (!recent.ok) return noRate(recent.reason, c.rateHz);
  const { start, count } = recent;

  const times = new Float64Array(count);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 1) {
    times[i] = series[start + i]!.t;
    values[i] = series[start + i]!.value;
  }
  const uniform = resample(times, values, c.rateHz, { maxGapMs: c.maxGapMs });
  const rate = spectralRate(uniform.values, c.rateHz, c);
  const perMinute =
    rate.hz !== null && rate.quality >= c.minQuality ? (rate.hz * 60) / c.eventsPerBreath : null;
  return {
    perMinute,
    quality: rate.quality,
    snrDb: rate.snrDb,
    ...(perMinute === null ? { reason: 'low-quality' as const } : {}),
    waveform: normalizePeak(rate.filtered),
    waveformRateHz: c.rateHz,
  };
}

/**
 * RMS loudness of consecutive, non-overlapping hops of `samples` (mono PCM at sampleRate):
 * one value per hopMs, so the series runs at 1000 / hopMs Hz. A trailing partial hop is left
 * out; feed chunks whose length is a multiple of the hop, or carry the remainder over.
 */
export function breathEnvelope(samples: Float32Array, sampleRate: number, hopMs: number): Float32Array {
  const hop = Math.round((sampleRate * hopMs) / 1000);
  if (hop < 1) throw new RangeError(`A hop of ${hopMs} ms is under one sample at ${sampleRate} Hz.`);
  const frames = Math.floor(samples.length / hop);
  const out = new Float32Array(frames);
  for (let f = 0, i = 0; f < frames; f += 1) {
    let sum = 0;
    for (const end = i + hop; i < end; i += 1) sum += samples[i]! * samples[i]!;
    out[f] = Math.sqrt(sum / hop);
  }
  return out;
}
