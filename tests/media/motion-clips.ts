/**
 * What moves in each heart-rate motion clip, over time: head sway, lean and turns, talking,
 * blinks and light steps, as pure functions of the clip time. Every periodic part completes
 * whole cycles in the clip, so the looped clip shows no seam. motion-media.ts draws the clips.
 */
import { mulberry32 } from '../../src/features/health/worker/synthetic';
import { waveAt, type HeadPose, type Waves } from './face-warp';
import { assertWholeCycles } from './pulse-signal';

/** 20 s at 30 fps: every motion is a multiple of 0.05 Hz and every rate a multiple of 3 bpm. */
export const TIMING = { seconds: 20, fps: 30 } as const;
/** A slow light drift of ±2 %, once per clip. */
const DRIFT = 0.02;

/** Talking: syllables 0.2–0.5 s long (2–5 Hz) in phrases of 1.5–4 s with pauses of 0.3–1 s; the
 * chin drops up to 6 % of the face's height. */
export const TALKING = {
  syllable: [0.2, 0.5],
  phrase: [1.5, 4],
  pause: [0.3, 1],
  peak: [0.35, 1],
  maxJaw: 0.06,
  seed: 0x7a1c,
} as const;
/** Blinks of 150 ms (50 ms closing, 50 closed, 50 opening), 3.4–4.6 s apart, 5 per clip. */
const BLINKS = { starts: [1.0, 4.4, 9.0, 12.7, 17.1], ramp: 0.05, closed: 0.05 } as const;
/** Light steps: the gain from each time on, ±10 % at a time, every 2.5–4 s; the loop steps back to 1. */
const LIGHT_STEPS = [
  { at: 0, gain: 1 },
  { at: 2.5, gain: 1.1 },
  { at: 6, gain: 1 },
  { at: 9, gain: 0.9 },
  { at: 12.5, gain: 1 },
  { at: 16, gain: 1.1 },
] as const;

/** One clip: frame size, face size, true rate, and what moves. */
export interface MotionClipSpec {
  name: string;
  width: number;
  height: number;
  /** Face-oval width as a fraction of the 4:3 view's width. */
  face: number;
  /** True mean rate, or null for a clip without a pulse. */
  bpm: number | null;
  /** Head translation, as fractions of the face width. */
  swayX?: Waves;
  swayY?: Waves;
  /** Lean: relative scale change. */
  lean?: Waves;
  /** Turns, degrees. */
  yaw?: Waves;
  pitch?: Waves;
  talking?: boolean;
  blinks?: boolean;
  lightSteps?: boolean;
}

const SWAY5: Pick<MotionClipSpec, 'swayX' | 'swayY' | 'lean'> = {
  swayX: [
    { amplitude: 0.03, hz: 0.1 },
    { amplitude: 0.013, hz: 0.35, phase: 1 },
    { amplitude: 0.007, hz: 0.5, phase: 2 },
  ],
  swayY: [
    { amplitude: 0.02, hz: 0.15, phase: 0.3 },
    { amplitude: 0.01, hz: 0.45, phase: 2 },
  ],
  lean: [{ amplitude: 0.03, hz: 0.15, phase: 0.5 }],
};
const TURNS: Pick<MotionClipSpec, 'yaw' | 'pitch'> = {
  yaw: [{ amplitude: 15, hz: 0.1 }],
  pitch: [{ amplitude: 12, hz: 0.15, phase: 1 }],
};
/** A person sitting still still moves a little. */
const SMALL_SWAY: Pick<MotionClipSpec, 'swayX' | 'swayY'> = {
  swayX: [{ amplitude: 0.01, hz: 0.1 }],
  swayY: [{ amplitude: 0.006, hz: 0.2, phase: 0.5 }],
};
const COMBINED: Omit<MotionClipSpec, 'name' | 'bpm'> = {
  width: 640,
  height: 480,
  face: 0.2,
  ...SWAY5,
  ...TURNS,
  talking: true,
  blinks: true,
  lightSteps: true,
};

/**
 * The clips. Sizes keep the set near 2 GB (1280×720 is 829 MB alone): the large-frame case is
 * the talking clip; two clips are 480×360 and two 320×240. The rates differ from clip to clip
 * and none is 72 (the head bob's 1.2 Hz).
 */
export const MOTION_CLIPS: readonly MotionClipSpec[] = [
  {
    name: 'sway3',
    width: 640,
    height: 480,
    face: 0.2,
    bpm: 66,
    swayX: [{ amplitude: 0.03, hz: 0.25 }],
    swayY: [{ amplitude: 0.02, hz: 0.2, phase: 0.6 }],
  },
  { name: 'sway5-lean', width: 480, height: 360, face: 0.25, bpm: 84, ...SWAY5 },
  { name: 'rotation', width: 480, height: 360, face: 0.25, bpm: 57, ...TURNS },
  {
    name: 'talking',
    width: 1280,
    height: 720,
    face: 0.15,
    bpm: 93,
    ...SMALL_SWAY,
    talking: true,
    blinks: true,
  },
  { name: 'light-steps', width: 320, height: 240, face: 0.4, bpm: 78, ...SMALL_SWAY, lightSteps: true },
  { name: 'combined', bpm: 75, ...COMBINED },
  { name: 'combined-no-pulse', bpm: null, ...COMBINED },
  { name: 'head-bob', width: 320, height: 240, face: 0.3, bpm: null, swayY: [{ amplitude: 0.03, hz: 1.2 }] },
];

const DEG = Math.PI / 180;

export interface Syllable {
  start: number;
  seconds: number;
  peak: number;
}

/** The talking clip's syllables: seeded, and over before the clip ends, so the loop starts and ends closed. */
export function syllables(): Syllable[] {
  const random = mulberry32(TALKING.seed);
  const between = ([low, high]: readonly [number, number]) => low + (high - low) * random();
  const out: Syllable[] = [];
  let t = 0.3;
  for (;;) {
    const phraseEnd = t + between(TALKING.phrase);
    while (t < phraseEnd) {
      const seconds = between(TALKING.syllable);
      if (t + seconds > TIMING.seconds - 0.2) return out;
      out.push({ start: t, seconds, peak: between(TALKING.peak) });
      t += seconds;
    }
    t += between(TALKING.pause);
  }
}

/** Jaw opening at `t` (fraction of face height): each syllable a sin² bump. */
export function jawAt(talk: Syllable[], t: number): number {
  for (const s of talk) {
    if (t >= s.start && t < s.start + s.seconds) {
      return TALKING.maxJaw * s.peak * Math.sin((Math.PI * (t - s.start)) / s.seconds) ** 2;
    }
  }
  return 0;
}

/** Eyelid closure at `t`, 0 (open) to 1 (closed). */
export function blinkAt(t: number): number {
  for (const start of BLINKS.starts) {
    const tau = t - start;
    if (tau < 0 || tau >= 2 * BLINKS.ramp + BLINKS.closed) continue;
    if (tau < BLINKS.ramp) return tau / BLINKS.ramp;
    if (tau < BLINKS.ramp + BLINKS.closed) return 1;
    return 1 - (tau - BLINKS.ramp - BLINKS.closed) / BLINKS.ramp;
  }
  return 0;
}

export function lightAt(clip: MotionClipSpec, t: number): number {
  const drift = 1 + DRIFT * Math.sin((2 * Math.PI * t) / TIMING.seconds);
  if (!clip.lightSteps) return drift;
  let gain = 1;
  for (const step of LIGHT_STEPS) if (t >= step.at) gain = step.gain;
  return drift * gain;
}

/** The head's pose at `t` for a face `face` pixels wide. */
export function poseAt(clip: MotionClipSpec, face: number, talk: Syllable[], t: number): HeadPose {
  return {
    dx: face * waveAt(clip.swayX ?? [], t),
    dy: face * waveAt(clip.swayY ?? [], t),
    scale: 1 + waveAt(clip.lean ?? [], t),
    yaw: DEG * waveAt(clip.yaw ?? [], t),
    pitch: DEG * waveAt(clip.pitch ?? [], t),
    jaw: clip.talking ? jawAt(talk, t) : 0,
  };
}

export function assertLoops(clip: MotionClipSpec): void {
  for (const [what, waves] of Object.entries({
    swayX: clip.swayX,
    swayY: clip.swayY,
    lean: clip.lean,
    yaw: clip.yaw,
    pitch: clip.pitch,
  })) {
    for (const w of waves ?? []) assertWholeCycles(`${clip.name}'s ${what} wave`, w.hz * 60, TIMING.seconds);
  }
  if (clip.bpm !== null) assertWholeCycles(`The pulse of ${clip.name}`, clip.bpm, TIMING.seconds);
}
