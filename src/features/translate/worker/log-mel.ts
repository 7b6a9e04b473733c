/**
 * Whisper's input features: the log-mel spectrogram of a 30 s window of 16 kHz audio, as
 * Hugging Face's WhisperFeatureExtractor computes it (and models/tiny/audio.py in numpy):
 * 400-sample periodic Hann frames every 160 samples, centred (reflect padding), power
 * spectrum, 80 Slaney-normalised mel filters up to 8 kHz, log10 floored at 1e-10, then
 * clamped to 8 below the window's maximum and scaled as (x + 4) / 4.
 */
import { RealPowerSpectrum } from './fft';

export const WHISPER_SAMPLE_RATE = 16_000;
export const N_FFT = 400;
export const HOP_LENGTH = 160;
export const N_MELS = 80;
/** One window: 30 s of samples, and its frames. */
export const CHUNK_SAMPLES = 480_000;
export const N_FRAMES = 3_000;
const MAX_FREQUENCY = 8_000;
const LOG_FLOOR = 1e-10;
/** Values more than this far below the window's maximum (in log10 units) are raised to it. */
const DYNAMIC_RANGE = 8;

const N_BINS = N_FFT / 2 + 1;
const PAD = N_FFT / 2;

/** Slaney's mel scale: linear below 1 kHz, logarithmic above. */
function hzToMel(hz: number): number {
  return hz >= 1000 ? 15 + Math.log(hz / 1000) / (Math.log(6.4) / 27) : (3 * hz) / 200;
}

function melToHz(mel: number): number {
  return mel >= 15 ? 1000 * Math.exp((Math.log(6.4) / 27) * (mel - 15)) : (200 * mel) / 3;
}

/** One triangular filter: its weights over FFT bins [start, start + weights.length). */
export interface MelFilter {
  start: number;
  weights: Float64Array;
}

let filters: MelFilter[] | null = null;

/** The 80 Slaney-normalised triangular filters over the 201 FFT bins, as transformers' mel_filter_bank makes them. */
export function melFilters(): readonly MelFilter[] {
  if (filters) return filters;
  const lowMel = hzToMel(0);
  const highMel = hzToMel(MAX_FREQUENCY);
  const edges = Array.from({ length: N_MELS + 2 }, (_, i) =>
    melToHz(lowMel + ((highMel - lowMel) * i) / (N_MELS + 1)),
  );
  const binHz = (k: number) => (k * (WHISPER_SAMPLE_RATE / 2)) / (N_BINS - 1);
  filters = [];
  for (let m = 0; m < N_MELS; m += 1) {
    const [left, centre, right] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
    const norm = 2 / (right - left);
    const row = new Float64Array(N_BINS);
    for (let k = 0; k < N_BINS; k += 1) {
      const down = (binHz(k) - left) / (centre - left);
      const up = (right - binHz(k)) / (right - centre);
      row[k] = Math.max(0, Math.min(down, up)) * norm;
    }
    let start = row.findIndex((w) => w > 0);
    if (start < 0) start = 0;
    let end = N_BINS;
    while (end > start && row[end - 1] === 0) end -= 1;
    filters.push({ start, weights: row.slice(start, end) });
  }
  return filters;
}

/** The periodic Hann window of N_FFT samples. */
function hann(): Float64Array {
  const window = new Float64Array(N_FFT);
  for (let i = 0; i < N_FFT; i += 1) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N_FFT);
  return window;
}

/** Index into the 30 s window after reflect padding of PAD samples at each end. */
function reflect(i: number): number {
  if (i < 0) return -i;
  if (i >= CHUNK_SAMPLES) return 2 * (CHUNK_SAMPLES - 1) - i;
  return i;
}

/** Frames that touch at least one of `length` audio samples; later frames see only zeros. */
export function framesWithAudio(length: number): number {
  return Math.min(N_FRAMES, Math.max(0, Math.ceil((Math.min(length, CHUNK_SAMPLES) + PAD) / HOP_LENGTH)));
}

/**
 * [80, 3000] features (mel-major, like the encoder's input_features [1, 80, 3000]) of the
 * first 30 s of `audio` (16 kHz mono, zero-padded when shorter). Frames past the audio are
 * all zeros, so their log power is the floor: they are filled, not computed.
 */
export function logMel(audio: Float32Array): Float32Array {
  const length = Math.min(audio.length, CHUNK_SAMPLES);
  const sample = (i: number): number => {
    const j = reflect(i);
    return j < length ? audio[j]! : 0;
  };
  const window = hann();
  const spectrum = new RealPowerSpectrum(N_FFT);
  const bank = melFilters();
  const frame = new Float64Array(N_FFT);
  const power = new Float64Array(N_BINS);
  const computed = framesWithAudio(length);
  const logs = new Float64Array(N_MELS * N_FRAMES).fill(Math.log10(LOG_FLOOR));
  let max = computed < N_FRAMES ? Math.log10(LOG_FLOOR) : -Infinity;
  for (let t = 0; t < computed; t += 1) {
    const from = t * HOP_LENGTH - PAD;
    if (from >= 0 && from + N_FFT <= length) {
      for (let i = 0; i < N_FFT; i += 1) frame[i] = audio[from + i]! * window[i]!;
    } else {
      for (let i = 0; i < N_FFT; i += 1) frame[i] = sample(from + i) * window[i]!;
    }
    spectrum.power(frame, power);
    for (let m = 0; m < N_MELS; m += 1) {
      const { start, weights } = bank[m]!;
      let energy = 0;
      for (let k = 0; k < weights.length; k += 1) energy += power[start + k]! * weights[k]!;
      const value = Math.log10(Math.max(energy, LOG_FLOOR));
      logs[m * N_FRAMES + t] = value;
      if (value > max) max = value;
    }
  }
  const features = new Float32Array(N_MELS * N_FRAMES);
  const floor = max - DYNAMIC_RANGE;
  for (let i = 0; i < features.length; i += 1) features[i] = (Math.max(logs[i]!, floor) + 4) / 4;
  return features;
}
