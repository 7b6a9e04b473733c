import { describe, expect, it } from 'vitest';
import type { FrameBytes } from '../../face/worker/frame-bytes';
import { frameBytes } from '../../face/worker/frame-fixtures';
import { FaceTrack, lumaCrop, type Similarity } from './face-track';
import { gaussian, mulberry32 } from './synthetic';

/** A smooth random texture (sum of sines), as skin, brows and eyes give a face. */
function texture(seed: number): (x: number, y: number) => number {
  const random = mulberry32(seed);
  const waves = Array.from({ length: 24 }, () => ({
    fx: (random() - 0.5) * 0.5,
    fy: (random() - 0.5) * 0.5,
    phase: random() * 2 * Math.PI,
    amplitude: 4 + random() * 10,
  }));
  return (x, y) =>
    120 + waves.reduce((sum, w) => sum + w.amplitude * Math.sin(w.fx * x + w.fy * y + w.phase), 0);
}

/** An I420 frame whose luma at (x, y) is `gain · value(inverse(x, y))`, with sensor noise. */
function frame(
  width: number,
  height: number,
  value: (x: number, y: number) => number,
  t: Similarity,
  centre: [number, number],
  options: { gain?: number; noise?: number; seed?: number } = {},
): FrameBytes {
  const noise = gaussian(mulberry32(options.seed ?? 1));
  // Luma row by row (the noise in that order); chroma grey.
  return frameBytes(
    'I420',
    width,
    height,
    (plane, x, y) => {
      if (plane !== 0) return 128;
      const sx = centre[0] + (x - t.dx - centre[0]) / t.scale;
      const sy = centre[1] + (y - t.dy - centre[1]) / t.scale;
      const v = (options.gain ?? 1) * value(sx, sy) + (options.noise ?? 0) * noise();
      return Math.max(0, Math.min(255, Math.round(v)));
    },
    { fullRange: true },
  );
}

const CENTRE: [number, number] = [160, 120];
const REGION = { x0: 100, y0: 70, x1: 220, y1: 170 };

describe('lumaCrop', () => {
  it('averages factor² blocks of the luma plane', () => {
    const f = frame(8, 8, (x, y) => x + 10 * y, { dx: 0, dy: 0, scale: 1 }, [4, 4]);
    const crop = lumaCrop(f, { x0: 2, y0: 2, x1: 6, y1: 6 }, 2);
    expect([crop.width, crop.height]).toEqual([2, 2]);
    // Block (2..3, 2..3): mean of x + 10y over it = 2.5 + 25.
    expect(crop.data[0]).toBeCloseTo(27.5, 5);
    expect(crop.data[3]).toBeCloseTo(4.5 + 45, 5);
  });
});

describe('FaceTrack', () => {
  const value = texture(7);
  const still = { dx: 0, dy: 0, scale: 1 };

  it.each([
    { dx: 1.3, dy: -0.7, scale: 1 },
    { dx: -2.6, dy: 1.9, scale: 1.02 },
    { dx: 0.25, dy: 0.4, scale: 0.97 },
  ])('finds a shift of ($dx, $dy) and scale $scale to a twentieth of a pixel', (motion) => {
    const track = new FaceTrack();
    expect(track.setKey(frame(320, 240, value, still, CENTRE, { noise: 2, seed: 1 }), REGION)).toBe(true);
    const result = track.track(frame(320, 240, value, motion, CENTRE, { noise: 2, seed: 2 }));
    expect(result.ok).toBe(true);
    expect(Math.abs(result.transform.dx - motion.dx)).toBeLessThan(0.05);
    expect(Math.abs(result.transform.dy - motion.dy)).toBeLessThan(0.05);
    expect(Math.abs(result.transform.scale - motion.scale)).toBeLessThan(0.002);
  });

  it('reads a 10 % change of light as no motion', () => {
    const track = new FaceTrack();
    track.setKey(frame(320, 240, value, still, CENTRE, { noise: 2, seed: 1 }), REGION);
    const result = track.track(frame(320, 240, value, still, CENTRE, { gain: 1.1, noise: 2, seed: 3 }));
    expect(result.ok).toBe(true);
    expect(Math.hypot(result.transform.dx, result.transform.dy)).toBeLessThan(0.05);
  });

  it('follows a steady sway of 1 px per frame over 30 frames with no drift beyond 0.1 px', () => {
    const track = new FaceTrack();
    track.setKey(frame(320, 240, value, still, CENTRE, { noise: 2, seed: 1 }), REGION);
    let worst = 0;
    for (let i = 1; i <= 30; i += 1) {
      const truth = { dx: 8 * Math.sin(i / 8), dy: 4 * Math.sin(i / 5), scale: 1 };
      const result = track.track(frame(320, 240, value, truth, CENTRE, { noise: 2, seed: 10 + i }));
      expect(result.ok).toBe(true);
      worst = Math.max(worst, Math.hypot(result.transform.dx - truth.dx, result.transform.dy - truth.dy));
    }
    expect(worst).toBeLessThan(0.1);
  });

  it('says the face is lost when the region shows something else', () => {
    const track = new FaceTrack();
    track.setKey(frame(320, 240, value, still, CENTRE, { noise: 2, seed: 1 }), REGION);
    const result = track.track(frame(320, 240, texture(99), still, CENTRE, { noise: 2, seed: 4 }));
    expect(result.ok).toBe(false);
  });

  it('refuses a key without texture', () => {
    const track = new FaceTrack();
    expect(
      track.setKey(
        frame(320, 240, () => 100, still, CENTRE),
        REGION,
      ),
    ).toBe(false);
    expect(track.hasKey).toBe(false);
    expect(track.track(frame(320, 240, () => 100, still, CENTRE)).ok).toBe(false);
  });
});
