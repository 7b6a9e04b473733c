/**
 * The model behind the heart-rate test videos, as pure functions. Over time: a PPG-like pulse
 * at an exact mean rate, a slow light drift, a small head motion with a breathing sway, and
 * seeded sensor noise; everything periodic repeats exactly over the clip, so Chromium's fake
 * camera, which loops the file, shows no seam. Over pixels: a soft skin-colour score, a blur,
 * a sub-pixel shift and a frame counter. pulse-media.ts sets the values and writes the clips.
 */
import { mulberry32 } from '../../src/features/health/worker/synthetic';

/**
 * How strongly the pulse shows in each channel, relative to that channel's level: the
 * blood-volume-pulse signature of normalized skin reflectance, [0.33, 0.77, 0.53] (de Haan &
 * van Leest 2014, Physiol. Meas. 35(9)), which the POS method (Wang, den Brinker, Stuijk &
 * de Haan 2017, "Algorithmic principles of remote PPG", IEEE TBME 64(7)) builds on. A unit
 * vector: green carries most of the pulse, red the least.
 */
export const PULSE_RGB = [0.33, 0.77, 0.53] as const;

/** The shape and rate of the pulse. */
export interface PulseWaveConfig {
  /** Mean rate over the clip, exact. */
  bpm: number;
  /** Second-harmonic amplitude relative to the fundamental: a PPG beat rises fast and falls slowly. */
  harmonic: number;
  /** Phase of the second harmonic (radians) against twice the fundamental's. */
  harmonicPhase: number;
  /** Peak fractional swing of the instantaneous rate (heart-rate variability); it averages out over the clip. */
  rateVariability: number;
  /** Cycles of that swing per clip (Mayer-wave-like, about 0.1–0.2 Hz for a 12 s clip). */
  variabilityCycles: number;
  /** Phase of the fundamental at t = 0 (radians). */
  phase: number;
}

/** Everything in a clip that is not the pulse: the same in every video, the no-pulse one included. */
export interface SceneConfig {
  seconds: number;
  fps: number;
  /** Peak fractional change of the global light level: slow, far below the 3 % per frame motion check. */
  drift: number;
  /** Peak head translation in output pixels along x and y (bilinear, so sub-pixel steps are smooth). */
  motionPixels: { x: number; y: number };
  /** Vertical sway of breathing, in output pixels, and its rate. */
  swayPixels: number;
  swayPerMinute: number;
  /** Sensor noise σ per pixel and channel, in 8-bit levels. */
  noiseSigma: number;
  seed: number;
}

const TAU = 2 * Math.PI;

/** Throws unless `perMinute` completes a whole number of cycles in `seconds` (so the loop is seamless). */
export function assertWholeCycles(what: string, perMinute: number, seconds: number): void {
  const cycles = (perMinute * seconds) / 60;
  if (Math.abs(cycles - Math.round(cycles)) > 1e-9) {
    throw new RangeError(
      `${what} at ${perMinute}/min makes ${cycles} cycles in a ${seconds} s clip; a looping clip needs a whole number.`,
    );
  }
}

/**
 * The pulse at time `t` (seconds) of a clip `seconds` long, with a fundamental of amplitude 1.
 * The instantaneous rate is bpm·(1 + v·cos(2πkt/T)); its integral over the clip is exactly
 * bpm·T/60 beats, so the phase at T equals the phase at 0 (mod 2π).
 */
export function pulseWave(t: number, seconds: number, wave: PulseWaveConfig): number {
  const f = wave.bpm / 60;
  const k = wave.variabilityCycles;
  const phase =
    TAU * f * t + ((wave.rateVariability * f * seconds) / k) * Math.sin((TAU * k * t) / seconds) + wave.phase;
  return Math.sin(phase) + wave.harmonic * Math.sin(2 * phase + wave.harmonicPhase);
}

/** Global light gain at time `t`: 1 ± scene.drift, one slow cycle plus a smaller second harmonic. */
export function lightGain(t: number, scene: SceneConfig): number {
  const x = (TAU * t) / scene.seconds;
  return 1 + scene.drift * (0.8 * Math.sin(x) + 0.2 * Math.sin(2 * x + 1));
}

/** Head offset in output pixels at time `t`: a slow wander plus the breathing sway. */
export function headOffset(t: number, scene: SceneConfig): { dx: number; dy: number } {
  const x = (TAU * t) / scene.seconds;
  const sway = scene.swayPixels * Math.sin((TAU * scene.swayPerMinute * t) / 60);
  return {
    dx: scene.motionPixels.x * Math.sin(x),
    dy: scene.motionPixels.y * Math.sin(2 * x + 0.5) + sway,
  };
}

/** A seeded source of normal draws that fills whole arrays, both Box–Muller outputs used. */
export function normalSource(seed: number): (out: Float32Array, sigma: number) => void {
  const random = mulberry32(seed);
  return (out, sigma) => {
    for (let i = 0; i < out.length; i += 2) {
      const radius = sigma * Math.sqrt(-2 * Math.log(Math.max(random(), Number.EPSILON)));
      const angle = TAU * random();
      out[i] = radius * Math.cos(angle);
      if (i + 1 < out.length) out[i + 1] = radius * Math.sin(angle);
    }
  };
}

/** Skin colour as a soft box in full-range YCbCr, and the luma below which nothing is skin. */
export interface SkinConfig {
  cb: readonly [number, number];
  cr: readonly [number, number];
  /** The score falls from 1 to 0 over this many levels outside the box. */
  softLevels: number;
  /** Luma ramp [0 at, 1 at]: hair and pupils are dark. */
  darkY: readonly [number, number];
}

/** 0 at or below `from`, 1 at or above `to`, linear between. */
export const ramp = (value: number, from: number, to: number): number =>
  value <= from ? 0 : value >= to ? 1 : (value - from) / (to - from);

/** 1 inside [low, high], falling linearly to 0 at `soft` outside it. */
const softBox = (value: number, [low, high]: readonly [number, number], soft: number): number =>
  Math.min(ramp(value, low - soft, low), 1 - ramp(value, high, high + soft));

/** How much an RGB pixel looks like skin, 0..1. */
export function skinScore(r: number, g: number, b: number, skin: SkinConfig): number {
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
  const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  return (
    softBox(cb, skin.cb, skin.softLevels) *
    softBox(cr, skin.cr, skin.softLevels) *
    ramp(y, skin.darkY[0], skin.darkY[1])
  );
}

/** A 3×3 box blur of one plane; the border averages the neighbours it has. */
export function boxBlur3(src: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let v = Math.max(0, y - 1); v <= Math.min(height - 1, y + 1); v++) {
        for (let u = Math.max(0, x - 1); u <= Math.min(width - 1, x + 1); u++) {
          sum += src[v * width + u]!;
          count++;
        }
      }
      out[y * width + x] = sum / count;
    }
  }
  return out;
}

/** Samples `src` moved by (dx, dy) pixels, bilinear, edges clamped. */
export function shiftBilinear(
  src: Float32Array,
  width: number,
  height: number,
  dx: number,
  dy: number,
  out: Float32Array,
): void {
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max(y - dy, 0), height - 1);
    const y0 = Math.min(Math.floor(sy), height - 2);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max(x - dx, 0), width - 1);
      const x0 = Math.min(Math.floor(sx), width - 2);
      const fx = sx - x0;
      const i = y0 * width + x0;
      const top = src[i]! + fx * (src[i + 1]! - src[i]!);
      const bottom = src[i + width]! + fx * (src[i + width + 1]! - src[i + width]!);
      out[y * width + x] = top + fy * (bottom - top);
    }
  }
}

/**
 * A frame counter in the top-left margin, well away from the face: `bits` blocks of
 * block×block pixels, `columns` to a row, least significant bit first; white is 1, black 0.
 * Chromium's file-backed camera plays a clip slower than real time when the machine is busy
 * (its frame timer drops the lag instead of catching up) while frame timestamps stay
 * wall-clock, so every rate measured from it reads low by that factor: about 0.9× with two
 * busy threads on two cores. A test can read the counter (readFrameCode) to measure the speed.
 */
export const FRAME_CODE = { x: 4, y: 4, block: 8, columns: 3, bits: 12 } as const;

/** Paints FRAME_CODE for frame `index` into an RGBA frame. */
export function drawFrameCode(rgba: Uint8Array, width: number, index: number): void {
  const { x, y, block, columns, bits } = FRAME_CODE;
  for (let bit = 0; bit < bits; bit++) {
    const value = (index >> bit) & 1 ? 255 : 0;
    const left = x + (bit % columns) * block;
    const top = y + Math.floor(bit / columns) * block;
    for (let row = top; row < top + block; row++) {
      for (let p = (row * width + left) * 4; p < (row * width + left + block) * 4; p += 4) {
        rgba.fill(value, p, p + 3);
      }
    }
  }
}

/** The frame index FRAME_CODE carries, from a frame's luma (Y) plane: block centres against mid-grey. */
export function readFrameCode(luma: ArrayLike<number>, stride: number): number {
  const { x, y, block, columns, bits } = FRAME_CODE;
  let index = 0;
  for (let bit = 0; bit < bits; bit++) {
    const cx = x + (bit % columns) * block + block / 2;
    const cy = y + Math.floor(bit / columns) * block + block / 2;
    if (luma[cy * stride + cx]! > 128) index |= 1 << bit;
  }
  return index;
}
