import { describe, expect, it } from 'vitest';
import { asPatchSamples, syntheticBreathing, syntheticRgb } from './synthetic';
import { VitalsTracker } from './vitals-tracker';

describe('VitalsTracker', () => {
  it('gives the heart rate of a steady pulse and keeps only its windows', () => {
    const tracker = new VitalsTracker();
    for (const s of syntheticRgb({ bpm: 84, seconds: 40, fps: 30, seed: 3 }))
      tracker.add(s.t, asPatchSamples([s])[0]!, null);
    tracker.heartRate();
    tracker.heartRate();
    const heart = tracker.heartRate();
    expect(heart.bpm).not.toBeNull();
    expect(Math.abs(heart.bpm! - 84)).toBeLessThan(1.5);
    expect(tracker.frameRate()).toBeGreaterThan(29);
    expect(tracker.frameRate()).toBeLessThan(31);
    // 40 s went in; at most the 11 s window plus a trimming slack is held.
    expect(tracker.size.colour).toBeLessThan(12 * 30 + 70);
  });

  it('shows a number only once three estimates in a row agree', () => {
    const tracker = new VitalsTracker();
    for (const s of syntheticRgb({ bpm: 84, seconds: 12, seed: 3 }))
      tracker.add(s.t, asPatchSamples([s])[0]!, null);
    expect(tracker.heartRate()).toMatchObject({ bpm: null, reason: 'unsteady' });
    expect(tracker.heartRate()).toMatchObject({ bpm: null, reason: 'unsteady' });
    expect(Math.abs(tracker.heartRate().bpm! - 84)).toBeLessThan(1.5);
  });

  it('starts the heart-rate window again when the patches change', () => {
    const tracker = new VitalsTracker();
    for (const s of syntheticRgb({ bpm: 84, seconds: 12, seed: 3 }))
      tracker.add(s.t, asPatchSamples([s])[0]!, null);
    const wider = { rgb: new Float32Array(6).fill(120), x: 0, y: 0, logScale: 0, faceWidth: 200 };
    tracker.add(13_500, wider, null);
    expect(tracker.size.colour).toBe(1);
  });

  it('gives no heart rate without a pulse', () => {
    const tracker = new VitalsTracker();
    for (const s of syntheticRgb({ bpm: 84, seconds: 20, pulseAmplitude: 0, seed: 5 }))
      tracker.add(s.t, asPatchSamples([s])[0]!, null);
    expect(tracker.heartRate().bpm).toBeNull();
  });

  it('gives the breathing rate from the face height, recomputed at most once a second', () => {
    const tracker = new VitalsTracker();
    const series = syntheticBreathing(15, { seconds: 40, fps: 30, seed: 2 });
    for (const s of series) tracker.add(s.t, null, s.value);
    const end = series.at(-1)!.t;
    const first = tracker.breathingRate(end);
    expect(first.perMinute).not.toBeNull();
    expect(Math.abs(first.perMinute! - 15)).toBeLessThan(0.5);
    expect(tracker.breathingRate(end + 500)).toBe(first);
    expect(tracker.breathingRate(end + 1000)).not.toBe(first);
  });

  it('restarts after a stretch without a face', () => {
    const tracker = new VitalsTracker();
    const samples = syntheticRgb({ bpm: 72, seconds: 30, seed: 9 });
    for (const s of samples.filter((x) => x.t < 10_000)) tracker.add(s.t, asPatchSamples([s])[0]!, null);
    for (const s of samples.filter((x) => x.t > 27_000)) tracker.add(s.t, asPatchSamples([s])[0]!, null);
    // Only 3 s of signal since the gap: not enough for a number.
    expect(tracker.heartRate()).toMatchObject({ bpm: null, reason: 'too-short' });
  });
});
