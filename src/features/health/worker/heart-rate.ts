/**
 * Heart rate from the mean skin colour of recent camera frames: checks (length, frame rate,
 * motion, exposure) → resample to a uniform rate → POS → detrend → band-pass → spectral peak.
 * Called once per frame with the newest samples; everything is O(window).
 */
import { DEFAULT_HEART_RATE_CONFIG, type HeartRateConfig } from '../shared/config';
import type { HeartRateReason, HeartRateResult, RgbSample } from '../shared/types';
import { exposure, findSteadyStart } from './frame-checks';
import { pos } from './pos';
import { resample } from './resample';
import { normalizePeak, spectralRate } from './spectral-rate';
import { firstIndexFrom } from './time-window';

function noRate(reason: HeartRateReason, rateHz: number): HeartRateResult {
  return {
    bpm: null,
    quality: 0,
    snrDb: Number.NEGATIVE_INFINITY,
    reason,
    pulse: new Float32Array(0),
    pulseRateHz: rateHz,
  };
}

/**
 * Heart rate over the newest `windowSeconds` of samples (in time order, channel means 0..255).
 * `bpm` is null, with a reason the UI can turn into advice, until at least `minSeconds` of
 * steady, well-lit signal give a spectral quality of at least `minQuality`.
 */
export function estimateHeartRate(
  samples: readonly RgbSample[],
  config: Partial<HeartRateConfig> = {},
): HeartRateResult {
  const c: HeartRateConfig = { ...DEFAULT_HEART_RATE_CONFIG, ...config };
  const n = samples.length;
  if (n < 2) return noRate('too-short', c.rateHz);
  const endMs = samples[n - 1]!.t;
  const from = firstIndexFrom(samples, endMs - c.windowSeconds * 1000);
  const steady = findSteadyStart(samples, from, c.maxLuminanceStep, c.maxGapMs);
  const spanMs = endMs - samples[steady.start]!.t;
  if (spanMs < c.minSeconds * 1000) {
    return noRate(steady.cause === 'motion' ? 'motion' : 'too-short', c.rateHz);
  }
  const count = n - steady.start;
  if (((count - 1) * 1000) / spanMs < c.minFrameRateHz) return noRate('low-frame-rate', c.rateHz);
  const light = exposure(samples, steady.start);
  if (light.meanLuminance < c.minLuminance) return noRate('too-dark', c.rateHz);
  if (light.maxChannelMean > c.maxChannelMean) return noRate('too-bright', c.rateHz);

  const times = new Float64Array(count);
  const rgb = new Float32Array(count * 3);
  for (let i = 0; i < count; i += 1) {
    const s = samples[steady.start + i]!;
    times[i] = s.t;
    rgb[3 * i] = s.r;
    rgb[3 * i + 1] = s.g;
    rgb[3 * i + 2] = s.b;
  }
  const uniform = resample(times, rgb, c.rateHz, { maxGapMs: c.maxGapMs });
  const rate = spectralRate(pos(uniform.values, c.rateHz, c.posWindowSeconds), c.rateHz, c);
  const bpm = rate.hz !== null && rate.quality >= c.minQuality ? rate.hz * 60 : null;
  return {
    bpm,
    quality: rate.quality,
    snrDb: rate.snrDb,
    ...(bpm === null ? { reason: 'low-quality' as const } : {}),
    pulse: normalizePeak(rate.filtered),
    pulseRateHz: c.rateHz,
  };
}
