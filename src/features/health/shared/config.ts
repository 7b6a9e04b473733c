/**
 * Bands, thresholds and defaults of the health estimators. Heart rate follows the rPPG
 * literature (POS over 1.6 s windows, 0.7–3.5 Hz); the quality thresholds were set on the
 * synthetic signals of worker/synthetic.ts and are deliberately strict: the UI shows no number
 * rather than a wrong one. They still want checking against real recordings.
 */
import type { Exercise, FrequencyBand, HeartRateReason, BreathingReason } from './types';

/** 42–210 bpm. */
export const HR_BAND: FrequencyBand = { lowHz: 0.7, highHz: 3.5 };
/** 6–30 breaths per minute. */
export const BREATH_BAND: FrequencyBand = { lowHz: 0.1, highHz: 0.5 };

/**
 * Quality is the spectral SNR (see signalQuality) mapped linearly from a floor (quality 0) to a
 * ceiling (quality 1). Each band has its own scale because the signal bins take a different
 * share of it: ±0.1 Hz around a peak and its harmonic is 0.4 of the 2.8 Hz heart band, while
 * ±0.03 Hz is 0.12 of the 0.4 Hz breathing band, so noise alone scores higher there.
 */
export interface QualityScale {
  /** SNR (dB) that maps to quality 0. */
  snrFloorDb: number;
  /** SNR (dB) that maps to quality 1. */
  snrCeilingDb: number;
  /** Below this quality no rate is reported: the UI must not show one. */
  minQuality: number;
}

/**
 * Heart, 10 s of camera noise only (σ 0.3 levels, 300 synthetic windows): median −4.9 dB,
 * 99th percentile −0.8 dB, maximum 0.8 dB. A noiseless 10 s pulse scores 9–10 dB; with σ 0.2
 * noise, 3 dB or more. So −5 dB → 0, 9 dB → 1, and the threshold 0.5 sits at 2 dB, above
 * every noise-only window. Short windows score lower (see signalQuality), so the first number
 * appears after 5–8 s rather than at minSeconds.
 */
export const HEART_QUALITY: QualityScale = { snrFloorDb: -5, snrCeilingDb: 9, minQuality: 0.5 };

/**
 * Breathing, 30 s of noise only (300 synthetic windows): median −1.4 dB, 99th percentile
 * 3.6 dB, maximum 4.8 dB. Breathing whose amplitude is 1.5× the noise σ scores a median 7.7 dB
 * (5th percentile 6.0); at 3× σ, 9.0 dB (7.6). So 0 dB → 0, 12 dB → 1, and the threshold 0.5
 * sits at 6 dB.
 */
export const BREATH_QUALITY: QualityScale = { snrFloorDb: 0, snrCeilingDb: 12, minQuality: 0.5 };

/** What the pulse and breathing steps share: filter, spectrum and quality settings. */
export interface SpectralRateConfig extends QualityScale {
  band: FrequencyBand;
  /** Butterworth prototype order (the band-pass has twice this). */
  filterOrder: number;
  /** The smoothness-priors detrender halves waves this slow (keep it well under band.lowHz). */
  detrendCutoffHz: number;
  /** FFT length at least this (power of two); finer bins for the peak interpolation. */
  zeroPadTo: number;
  /** ±this around the peak and its harmonic counts as signal in the SNR. */
  signalHalfWidthHz: number;
}

/** Settings of estimateHeartRate; override any of them per call. */
export interface HeartRateConfig extends SpectralRateConfig {
  /** Only the newest this-many seconds are analysed. */
  windowSeconds: number;
  /** No estimate before this much steady signal. */
  minSeconds: number;
  /** Frames are resampled to this rate before POS. */
  rateHz: number;
  /** POS window (Wang et al. use 1.6 s). */
  posWindowSeconds: number;
  /** A step between frames longer than this restarts the window (the camera stalled). */
  maxGapMs: number;
  /** Fewer frames per second than this cannot show 3.5 Hz reliably. */
  minFrameRateHz: number;
  /** Mean skin luminance (0..255) below this is too dark for a pulse to show over sensor noise. */
  minLuminance: number;
  /** A channel mean (0..255) above this means most skin pixels clip, which flattens the pulse. */
  maxChannelMean: number;
  /** A face narrower than this (frame pixels) has too few skin pixels per patch. */
  minFaceWidthPx: number;
  /**
   * Head motion at the pulse's rate, as a fraction of the face's width (amplitude), above which
   * the number is held back: a head that bobs at 72 per minute would read as 72 bpm.
   */
  maxMotionAtRate: number;
  /** A patch's vote weighs its SNR (dB) above this, so noise-only patches weigh next to nothing. */
  patchSnrFloorDb: number;
  /** FFT length for each patch's own rate (the fused pulse uses zeroPadTo). */
  patchZeroPadTo: number;
  /** Patches whose rate is within this of the fused rate agree with it. */
  agreeHz: number;
  /** Below this weighted share of agreeing patches, no number. */
  minAgreement: number;
}

/** 10 s windows at 30 Hz, as in most rPPG evaluations; a number from 5 s of signal. */
export const DEFAULT_HEART_RATE_CONFIG: HeartRateConfig = {
  band: HR_BAND,
  filterOrder: 2,
  detrendCutoffHz: 0.3,
  zeroPadTo: 2048,
  signalHalfWidthHz: 0.1,
  ...HEART_QUALITY,
  windowSeconds: 10,
  minSeconds: 5,
  rateHz: 30,
  posWindowSeconds: 1.6,
  maxGapMs: 1000,
  minFrameRateHz: 10,
  minLuminance: 40,
  maxChannelMean: 245,
  minFaceWidthPx: 40,
  maxMotionAtRate: 0.004,
  patchSnrFloorDb: HEART_QUALITY.snrFloorDb,
  patchZeroPadTo: 512,
  agreeHz: 0.1,
  minAgreement: 0.5,
};

/** Settings of estimateBreathingRate; override any of them per call. */
export interface BreathingConfig extends SpectralRateConfig {
  /** Only the newest this-many seconds are analysed: 3 to 15 breaths across the band. */
  windowSeconds: number;
  /** Two cycles at the slowest rate (6 /min) take 20 s. */
  minSeconds: number;
  /** The series is resampled to this rate: ten times the fastest breathing, and cheap. */
  rateHz: number;
  /** A step between samples longer than this restarts the window. */
  maxGapMs: number;
  /** Fewer samples per second than this cannot follow 0.5 Hz. */
  minFrameRateHz: number;
  /**
   * Peaks of the series per breath. 1 for chest or shoulder motion; a breath-sound envelope
   * peaks twice per breath when inhaling and exhaling are equally loud.
   */
  eventsPerBreath: number;
}

/** 30 s windows at 10 Hz; a number from 20 s of gap-free signal. */
export const DEFAULT_BREATHING_CONFIG: BreathingConfig = {
  band: BREATH_BAND,
  filterOrder: 2,
  detrendCutoffHz: 0.04,
  zeroPadTo: 2048,
  signalHalfWidthHz: 0.03,
  ...BREATH_QUALITY,
  windowSeconds: 30,
  minSeconds: 20,
  rateHz: 10,
  maxGapMs: 1000,
  minFrameRateHz: 2,
  eventsPerBreath: 1,
};

/** Settings shared by both rep counters. */
export interface RepCounterConfig {
  /** Keypoints below this MoveNet score are ignored. */
  minScore: number;
  /** Median of this many valid frames; 3 removes any single-frame glitch. */
  smoothingFrames: number;
}

/** Squat thresholds; defaults follow common squat-counter practice (below 100°, above 160°). */
export interface SquatConfig extends RepCounterConfig {
  /** Knee angle (hip–knee–ankle) below this is the bottom of a squat. */
  downDeg: number;
  /** Knee angle above this is standing; the gap to downDeg is the hysteresis. */
  upDeg: number;
}

/** Jumping-jack thresholds: open needs arms up and legs apart, closed needs both back. */
export interface JumpingJackConfig extends RepCounterConfig {
  /** Shoulder abduction (hip–shoulder–wrist) above this is arms up; 90° is wrists at shoulder height. */
  armsUpDeg: number;
  /** Abduction below this is arms down. */
  armsDownDeg: number;
  /** Ankle distance / hip width above this is legs apart. */
  legsApartRatio: number;
  /** Ankle distance / hip width below this is legs closed. */
  legsClosedRatio: number;
  /** False counts from the arms alone (feet out of the frame). */
  useLegs: boolean;
}

/** Knee below 100° is down, above 160° is up. */
export const DEFAULT_SQUAT_CONFIG: SquatConfig = {
  minScore: 0.3,
  smoothingFrames: 3,
  downDeg: 100,
  upDeg: 160,
};

/** Guesses from body proportions (hip keypoints sit ~1 ankle gap apart when standing); tune on real poses. */
export const DEFAULT_JUMPING_JACK_CONFIG: JumpingJackConfig = {
  minScore: 0.3,
  smoothingFrames: 3,
  armsUpDeg: 110,
  armsDownDeg: 50,
  legsApartRatio: 2,
  legsClosedRatio: 1.4,
  useLegs: true,
};

/** Each exercise's defaults, for a settings screen. */
export const DEFAULT_REP_CONFIGS = {
  squat: DEFAULT_SQUAT_CONFIG,
  'jumping-jack': DEFAULT_JUMPING_JACK_CONFIG,
} as const satisfies Record<Exercise, RepCounterConfig>;

/** Advice the UI can show for each reason a heart rate is missing. */
export const HEART_RATE_ADVICE: Record<HeartRateReason, string> = {
  'too-short': 'Keep still for a few more seconds.',
  'low-frame-rate': 'The camera is too slow here; close other apps or tabs.',
  'face-too-small': 'Come closer: your face is too small in the picture.',
  motion: 'Your head moves at about the pulse’s rate: hold it still for a moment.',
  'too-dark': 'Find more light: face a window or a lamp.',
  'too-bright': 'Too bright: move out of direct light.',
  disagree: 'Different parts of your face disagree: face the light evenly.',
  unsteady: 'The rate is still settling: keep still for a moment.',
  'low-quality': 'No clear pulse yet: hold still, face the light evenly.',
};

/** Advice the UI can show for each reason a breathing rate is missing. */
export const BREATHING_ADVICE: Record<BreathingReason, string> = {
  'too-short': 'Keep breathing normally for a little longer.',
  'low-frame-rate': 'The input is too slow here; close other apps or tabs.',
  'low-quality': 'No steady rhythm yet: sit still and breathe normally.',
};
