/**
 * Deterministic synthetic inputs for the tests and benchmarks: a seeded PRNG and camera colour
 * means that follow the skin reflection model of Wang et al. 2017 — a skin-tone DC scaled by a
 * drifting light level, plus a small pulse mostly in green, plus sensor noise.
 */
import type { PatchSample, RgbSample, SeriesSample } from '../shared/types';

/** Mulberry32: a tiny, fast, seedable PRNG in [0, 1); good enough for test noise. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform source (Box–Muller). */
export function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), Number.EPSILON);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

export interface SyntheticRgbOptions {
  bpm: number;
  seconds: number;
  fps: number;
  seed: number;
  /** Pulse amplitude as a fraction of the green DC; red and blue follow the PPG colour vector. */
  pulseAmplitude: number;
  /** Skin colour means (0..255). */
  skin: readonly [r: number, g: number, b: number];
  /** Sensor noise per channel mean, in 8-bit levels (σ). */
  noise: number;
  /** Slow light-level drift, as a fraction of the level. */
  drift: number;
  /** Uniform timestamp jitter, ± milliseconds. */
  jitterMs: number;
  startMs: number;
}

export const DEFAULT_SYNTHETIC_RGB: SyntheticRgbOptions = {
  bpm: 72,
  seconds: 10,
  fps: 30,
  seed: 1,
  pulseAmplitude: 0.005,
  skin: [180, 125, 95],
  noise: 0.3,
  drift: 0.05,
  jitterMs: 5,
  startMs: 1000,
};

/**
 * Relative pulse strength per channel: the PPG signature of de Haan & van Leest 2014
 * ([0.33, 0.77, 0.53]) scaled so green is 1.
 */
const PULSE_RGB = [0.33 / 0.77, 1, 0.53 / 0.77] as const;

/** One frame's clock, pulse and light level: what both camera generators share. */
interface PulseFrame {
  /** Timestamp (ms), jittered. */
  t: number;
  /** Seconds since the first frame, from the jittered timestamp. */
  s: number;
  /** The pulse waveform, within ±1.3. */
  beat: number;
  /** The light level, 1 plus drift. */
  light: number;
}

/**
 * The frames of `o` with their pulse and light. Draws the pulse's phase and each frame's jitter
 * from `random`, lazily, so a caller's own noise draws interleave with them frame by frame.
 */
function* pulseFrames(o: SyntheticRgbOptions, random: () => number): Generator<PulseFrame> {
  const phase = random() * 2 * Math.PI;
  const count = Math.floor(o.seconds * o.fps);
  const f = o.bpm / 60;
  for (let i = 0; i < count; i += 1) {
    const t = o.startMs + (i * 1000) / o.fps + (random() * 2 - 1) * o.jitterMs;
    const s = (t - o.startMs) / 1000;
    // A PPG beat is not a sine: a second harmonic gives it its sharp rise and slow fall.
    const beat = Math.sin(2 * Math.PI * f * s + phase) + 0.3 * Math.sin(4 * Math.PI * f * s + 2 * phase);
    const light = 1 + o.drift * (Math.sin(2 * Math.PI * 0.05 * s) + s / Math.max(o.seconds, 1));
    yield { t, s, beat, light };
  }
}

/** Camera frames of a face with a pulse at `bpm` (or no pulse when pulseAmplitude is 0). */
export function syntheticRgb(options: Partial<SyntheticRgbOptions> = {}): RgbSample[] {
  const o = { ...DEFAULT_SYNTHETIC_RGB, ...options };
  const random = mulberry32(o.seed);
  const normal = gaussian(random);
  const samples: RgbSample[] = [];
  for (const { t, beat, light } of pulseFrames(o, random)) {
    const channel = (c: 0 | 1 | 2) =>
      o.skin[c] * light * (1 + o.pulseAmplitude * PULSE_RGB[c] * beat) + o.noise * normal();
    samples.push({ t, r: channel(0), g: channel(1), b: channel(2) });
  }
  return samples;
}

/** A slow oscillation at perMinute cycles, with noise and drift, sampled at fps with jitter. */
export function syntheticBreathing(
  perMinute: number,
  options: {
    seconds?: number;
    fps?: number;
    seed?: number;
    amplitude?: number;
    noise?: number;
    jitterMs?: number;
  } = {},
): SeriesSample[] {
  const { seconds = 30, fps = 15, seed = 1, amplitude = 3, noise = 1, jitterMs = 5 } = options;
  const random = mulberry32(seed);
  const normal = gaussian(random);
  const phase = random() * 2 * Math.PI;
  const out: SeriesSample[] = [];
  for (let i = 0; i < Math.floor(seconds * fps); i += 1) {
    const t = (i * 1000) / fps + (random() * 2 - 1) * jitterMs;
    const s = t / 1000;
    const value =
      200 +
      amplitude * Math.sin((2 * Math.PI * perMinute * s) / 60 + phase) +
      2 * (s / seconds) +
      noise * normal();
    out.push({ t, value });
  }
  return out;
}

/** One patch per frame from plain colour means: a still face `faceWidth` pixels wide. */
export function asPatchSamples(samples: readonly RgbSample[], faceWidth = 200): PatchSample[] {
  return samples.map(({ t, r, g, b }) => ({
    t,
    rgb: Float32Array.of(r, g, b),
    x: 0,
    y: 0,
    logScale: 0,
    faceWidth,
  }));
}

export interface SyntheticPatchOptions extends SyntheticRgbOptions {
  /** How many skin patches; each has its own sensor noise. */
  patches: number;
  /** Patches (the first this many) that carry an artefact of their own instead of the pulse. */
  spoiled: number;
  /**
   * The artefact's rate (Hz) and size (fraction of the skin level): a colour change that looks
   * like a pulse at another rate, as the glow of a flickering screen on part of the face.
   * (Changes along the skin's own colour, such as a brow sliding in, POS cancels by design.)
   */
  spoilHz: number;
  spoilAmplitude: number;
  /** Head motion: a sine at `hz` moving the face by `amplitude` of its width. */
  motion: { hz: number; amplitude: number } | null;
  /** Lighting steps: at each time (ms from the start) the light level is multiplied by the factor. */
  lightSteps: readonly (readonly [atMs: number, factor: number])[];
  faceWidth: number;
}

export const DEFAULT_SYNTHETIC_PATCHES: SyntheticPatchOptions = {
  ...DEFAULT_SYNTHETIC_RGB,
  noise: 0.6,
  patches: 12,
  spoiled: 0,
  spoilHz: 1.7,
  spoilAmplitude: 0.01,
  motion: null,
  lightSteps: [],
  faceWidth: 150,
};

/**
 * Skin patches of a face with a pulse at `bpm`: the same pulse and light in every patch, noise
 * of its own in each, optional artefacts in some, head motion in the track, lighting steps.
 */
export function syntheticPatches(options: Partial<SyntheticPatchOptions> = {}): PatchSample[] {
  const o = { ...DEFAULT_SYNTHETIC_PATCHES, ...options };
  const random = mulberry32(o.seed);
  const normal = gaussian(random);
  const frames: PatchSample[] = [];
  for (const frame of pulseFrames(o, random)) {
    const { t, s, beat } = frame;
    let { light } = frame;
    for (const [atMs, factor] of o.lightSteps) if (t - o.startMs >= atMs) light *= factor;
    const rgb = new Float32Array(o.patches * 3);
    for (let k = 0; k < o.patches; k += 1) {
      const spoil = k < o.spoiled ? o.spoilAmplitude * Math.sin(2 * Math.PI * o.spoilHz * s + k) : 0;
      for (let c = 0; c < 3; c += 1) {
        const pulse = o.pulseAmplitude * PULSE_RGB[c as 0 | 1 | 2] * beat;
        const glow = spoil * PULSE_RGB[c as 0 | 1 | 2];
        rgb[3 * k + c] = o.skin[c as 0 | 1 | 2] * light * (1 + pulse + glow) + o.noise * normal();
      }
    }
    const offset = o.motion ? o.motion.amplitude * o.faceWidth * Math.sin(2 * Math.PI * o.motion.hz * s) : 0;
    frames.push({ t, rgb, x: 300 + offset, y: 200 + 0.5 * offset, logScale: 0, faceWidth: o.faceWidth });
  }
  return frames;
}
