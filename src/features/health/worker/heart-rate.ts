/**
 * Heart rate from the skin patches of recent camera frames: checks (length, frame rate, face
 * size, exposure) → per patch: resample to a uniform rate → POS → detrend → band-pass →
 * spectral peak and SNR → the patches' rates fused by an SNR-weighted median → the fused
 * pulse's SNR at that rate, the patches' agreement, and the head's motion at that rate.
 *
 * A number is shown only when all three hold: the pulse stands out (SNR), most of the skin
 * agrees, and the head is not moving at the pulse's own rate (a nod at 72 per minute would
 * otherwise read as 72 bpm). Motion at other rates is no reason to refuse: the patches follow
 * the skin, and what motion is left lies outside the pulse's narrow peak.
 */
import { DEFAULT_HEART_RATE_CONFIG, type HeartRateConfig } from '../shared/config';
import type { HeartRateReason, HeartRateResult, PatchSample } from '../shared/types';
import { bandpass } from './butterworth';
import { luminance } from './frame-checks';
import { pos } from './pos';
import { recentWindow } from './recent-window';
import { resample } from './resample';
import { normalizePeak, spectralRate } from './spectral-rate';
import { signalQuality, spectrum, type Spectrum } from './spectrum';

function noRate(
  reason: HeartRateReason,
  rateHz: number,
  extra: Partial<Pick<HeartRateResult, 'snrDb' | 'quality' | 'motionDb' | 'agreement' | 'patches'>> = {},
): HeartRateResult {
  return {
    bpm: null,
    quality: 0,
    snrDb: Number.NEGATIVE_INFINITY,
    motionDb: Number.NEGATIVE_INFINITY,
    agreement: 0,
    patches: 0,
    ...extra,
    reason,
    pulse: new Float32Array(0),
    pulseRateHz: rateHz,
  };
}

/** The value at which the weights below and above are each at most half the total. */
export function weightedMedian(values: readonly number[], weights: readonly number[]): number {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const total = weights.reduce((sum, w) => sum + w, 0);
  let below = 0;
  for (const i of order) {
    below += weights[i]!;
    if (below >= total / 2) return values[i]!;
  }
  return values[order.at(-1)!]!;
}

/**
 * Amplitude of the sinusoid at `hz` in `signal` (sampled at fs): a Hann-windowed single-bin
 * DFT, so a sine of amplitude A reads A when `hz` is its frequency.
 */
export function amplitudeAt(signal: ArrayLike<number>, fs: number, hz: number): number {
  const n = signal.length;
  let re = 0;
  let im = 0;
  let weight = 0;
  for (let i = 0; i < n; i += 1) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    const angle = (2 * Math.PI * hz * i) / fs;
    re += w * signal[i]! * Math.cos(angle);
    im -= w * signal[i]! * Math.sin(angle);
    weight += w;
  }
  return weight > 0 ? (2 * Math.hypot(re, im)) / weight : 0;
}

/**
 * The head's largest motion (shift or change of size) near `hz`, as a fraction of the face's
 * width: the track resampled, band-passed to the pulse band, and read at `hz` and within
 * ±halfWidth of it.
 */
export function motionAtRate(
  frames: readonly PatchSample[],
  start: number,
  hz: number,
  faceWidth: number,
  c: HeartRateConfig,
): number {
  const count = frames.length - start;
  const times = new Float64Array(count);
  const track = new Float64Array(count * 3);
  for (let i = 0; i < count; i += 1) {
    const f = frames[start + i]!;
    times[i] = f.t;
    track[3 * i] = f.x;
    track[3 * i + 1] = f.y;
    // Half the change of width: how far the face's edges move when it grows or shrinks.
    track[3 * i + 2] = (f.logScale * faceWidth) / 2;
  }
  const uniform = resample(times, track, c.rateHz, { maxGapMs: c.maxGapMs });
  const n = uniform.values.length / 3;
  let worst = 0;
  const axis = new Float64Array(n);
  for (let a = 0; a < 3; a += 1) {
    for (let i = 0; i < n; i += 1) axis[i] = uniform.values[3 * i + a]!;
    const filtered = bandpass(axis, c.rateHz, c.band.lowHz, c.band.highHz, c.filterOrder);
    for (const offset of [-1, -0.5, 0, 0.5, 1]) {
      worst = Math.max(worst, amplitudeAt(filtered, c.rateHz, hz + offset * c.signalHalfWidthHz));
    }
  }
  return faceWidth > 0 ? worst / faceWidth : Infinity;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The highest bin within ±halfWidth of `hz`, refined by a parabola through log power; null at the range's edge. */
export function peakNear(s: Spectrum, hz: number, halfWidth: number): number | null {
  const first = Math.max(1, Math.ceil((hz - halfWidth - s.startHz) / s.binHz));
  const last = Math.min(s.power.length - 2, Math.floor((hz + halfWidth - s.startHz) / s.binHz));
  let best = -1;
  for (let k = first; k <= last; k += 1) if (best < 0 || s.power[k]! > s.power[best]!) best = k;
  if (best < 0 || best === first || best === last) return null;
  const a = Math.log(s.power[best - 1]! + 1e-30);
  const b = Math.log(s.power[best]! + 1e-30);
  const c = Math.log(s.power[best + 1]! + 1e-30);
  const curvature = a - 2 * b + c;
  const offset = curvature < 0 ? (0.5 * (a - c)) / curvature : 0;
  return s.startHz + (best + offset) * s.binHz;
}

interface PatchRate {
  hz: number;
  snrDb: number;
  filtered: Float64Array;
}

/**
 * Heart rate over the newest `windowSeconds` of frames (in time order). `bpm` is null, with a
 * reason the UI can turn into advice, until at least `minSeconds` give a fused pulse whose
 * quality is at least `minQuality`, that most patches agree with, and that the head's motion
 * does not explain.
 */
export function estimateHeartRate(
  frames: readonly PatchSample[],
  config: Partial<HeartRateConfig> = {},
): HeartRateResult {
  const c: HeartRateConfig = { ...DEFAULT_HEART_RATE_CONFIG, ...config };
  // A stalled camera (or a lost face) leaves a gap: only what follows the newest one counts.
  const recent = recentWindow(frames, c);
  if (!recent.ok) return noRate(recent.reason, c.rateHz);
  const { start, count } = recent;
  const n = frames.length;
  const faceWidth = median(frames.slice(start).map((f) => f.faceWidth));
  if (!(faceWidth >= c.minFaceWidthPx)) return noRate('face-too-small', c.rateHz);

  const patchCount = Math.floor(frames[n - 1]!.rgb.length / 3);
  // Exposure over every patch of every frame.
  let sr = 0;
  let sg = 0;
  let sb = 0;
  let seen = 0;
  for (let i = start; i < n; i += 1) {
    const rgb = frames[i]!.rgb;
    for (let k = 0; k < patchCount; k += 1) {
      if (Number.isNaN(rgb[3 * k]!)) continue;
      sr += rgb[3 * k]!;
      sg += rgb[3 * k + 1]!;
      sb += rgb[3 * k + 2]!;
      seen += 1;
    }
  }
  if (seen === 0) return noRate('too-short', c.rateHz);
  if (luminance(sr, sg, sb) / seen < c.minLuminance) return noRate('too-dark', c.rateHz);
  if (Math.max(sr, sg, sb) / seen > c.maxChannelMean) return noRate('too-bright', c.rateHz);

  const times = new Float64Array(count);
  for (let i = 0; i < count; i += 1) times[i] = frames[start + i]!.t;
  // A patch that left the frame during the window has no whole series: it does not vote.
  const whole: number[] = [];
  for (let k = 0; k < patchCount; k += 1) {
    let complete = true;
    for (let i = start; i < n && complete; i += 1) {
      const from = frames[i]!.rgb;
      if (from.length !== patchCount * 3 || Number.isNaN(from[3 * k]!)) complete = false;
    }
    if (complete) whole.push(k);
  }
  // All patches resampled at once: one pass over the timestamps.
  const width = whole.length * 3;
  const all = new Float32Array(count * width);
  for (let i = 0; i < count; i += 1) {
    const from = frames[start + i]!.rgb;
    whole.forEach((k, j) => {
      all[i * width + 3 * j] = from[3 * k]!;
      all[i * width + 3 * j + 1] = from[3 * k + 1]!;
      all[i * width + 3 * j + 2] = from[3 * k + 2]!;
    });
  }
  const rates: PatchRate[] = [];
  // A patch's vote needs its peak only to within agreeHz: a shorter FFT is enough, and four times cheaper.
  const patchSpectrum = { ...c, zeroPadTo: c.patchZeroPadTo };
  if (width > 0) {
    const uniform = resample(times, all, c.rateHz, { maxGapMs: c.maxGapMs });
    const length = uniform.length;
    const rgb = new Float32Array(length * 3);
    for (let j = 0; j < whole.length; j += 1) {
      for (let i = 0; i < length; i += 1) {
        rgb[3 * i] = uniform.values[i * width + 3 * j]!;
        rgb[3 * i + 1] = uniform.values[i * width + 3 * j + 1]!;
        rgb[3 * i + 2] = uniform.values[i * width + 3 * j + 2]!;
      }
      const rate = spectralRate(pos(rgb, c.rateHz, c.posWindowSeconds), c.rateHz, patchSpectrum);
      if (rate.hz !== null) rates.push({ hz: rate.hz, snrDb: rate.snrDb, filtered: rate.filtered });
    }
  }
  if (rates.length === 0) return noRate('low-quality', c.rateHz);

  const weights = rates.map((r) => Math.max(0, r.snrDb - c.patchSnrFloorDb));
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (!(total > 0)) return noRate('low-quality', c.rateHz, { patches: rates.length });
  // The rate most of the weight agrees with (the patch rate with the most weight within
  // ±agreeHz), then the weighted median of the patches that agree with it: a plain median of
  // two camps (the pulse, and a flicker on part of the face) could land between them.
  let support = -1;
  let mode = 0;
  for (const candidate of rates) {
    let around = 0;
    rates.forEach((r, i) => {
      if (Math.abs(r.hz - candidate.hz) <= c.agreeHz) around += weights[i]!;
    });
    if (around > support) {
      support = around;
      mode = candidate.hz;
    }
  }
  const camp = rates.map((r, i) => (Math.abs(r.hz - mode) <= c.agreeHz ? weights[i]! : 0));
  const voted = weightedMedian(
    rates.map((r) => r.hz),
    camp,
  );
  const agreement =
    rates.reduce((sum, r, i) => sum + (Math.abs(r.hz - voted) <= c.agreeHz ? weights[i]! : 0), 0) / total;

  // The agreeing patches' pulses averaged with inverse-noise weights (each patch's noise is its
  // filtered power outside the pulse's peak, from its own SNR): the least noisy mix of them, the
  // plotted pulse, and the spectrum whose SNR at the fused rate decides.
  const length = rates[0]!.filtered.length;
  const fused = new Float64Array(length);
  rates.forEach((r, i) => {
    if (r.filtered.length !== length || weights[i] === 0 || Math.abs(r.hz - voted) > c.agreeHz) return;
    let power = 0;
    for (let j = 0; j < length; j += 1) power += r.filtered[j]! * r.filtered[j]!;
    const noise = power / length / (1 + 10 ** (r.snrDb / 10));
    const scale = noise > 0 ? 1 / noise : 0;
    for (let j = 0; j < length; j += 1) fused[j]! += r.filtered[j]! * scale;
  });
  const s = spectrum(fused, c.rateHz, { minHz: c.band.lowHz, maxHz: c.band.highHz, zeroPadTo: c.zeroPadTo });
  // The fused spectrum's peak next to the vote: many patches' worth of signal, so finer than any one.
  const hz = peakNear(s, voted, c.agreeHz) ?? voted;
  const { snrDb, quality } = signalQuality(s, hz, {
    halfWidthHz: c.signalHalfWidthHz,
    floorDb: c.snrFloorDb,
    ceilingDb: c.snrCeilingDb,
  });
  const motion = motionAtRate(frames, start, hz, faceWidth, c);
  const motionDb = 20 * Math.log10(Math.max(motion, 1e-12) / c.maxMotionAtRate);
  const reason: HeartRateReason | undefined =
    motionDb > 0
      ? 'motion'
      : quality < c.minQuality
        ? 'low-quality'
        : agreement < c.minAgreement
          ? 'disagree'
          : undefined;
  return {
    bpm: reason === undefined ? hz * 60 : null,
    quality,
    snrDb,
    motionDb,
    agreement,
    patches: rates.length,
    ...(reason ? { reason } : {}),
    pulse: normalizePeak(fused),
    pulseRateHz: c.rateHz,
  };
}
