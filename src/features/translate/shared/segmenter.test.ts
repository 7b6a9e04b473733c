import { describe, expect, it } from 'vitest';
import { UtteranceSegmenter, type Utterance } from './segmenter';
import { SILERO_FRAME_SAMPLES, VAD_FRAME_SEC, segmenterConfigFor, type SegmenterConfig } from './vad-config';
import type { VadFrame } from './vad-frames';

/** Frames with these probabilities; every sample of frame i has the value i (to check the audio). */
function framesOf(probabilities: number[]): VadFrame[] {
  return probabilities.map((probability, index) => ({
    index,
    startSec: index * VAD_FRAME_SEC,
    probability,
    samples: new Float32Array(SILERO_FRAME_SAMPLES).fill(index),
  }));
}

/** `n` frames of `p`. */
const run = (n: number, p: number): number[] => Array.from({ length: n }, () => p);

function segment(probabilities: number[], config: Partial<SegmenterConfig> = {}): Utterance[] {
  const segmenter = new UtteranceSegmenter(config);
  const out: Utterance[] = [];
  for (const frame of framesOf(probabilities)) out.push(...segmenter.push(frame));
  out.push(...segmenter.flush());
  return out;
}

/** Utterance bounds in frames. */
const bounds = (u: Utterance): [number, number] => [
  Math.round(u.startSec / VAD_FRAME_SEC),
  Math.round(u.endSec / VAD_FRAME_SEC),
];

/** Which frames an utterance's audio holds (first and last). */
function audioFrames(u: Utterance): [number, number] {
  return [u.samples[0]!, u.samples[u.samples.length - 1]!];
}

// With the defaults, 0.6 s of quiet (19 frames) ends an utterance; 0.25 s (8 frames) is the least speech kept.
const NO_PADDING = { prePadSec: 0, postPadSec: 0 };

describe('UtteranceSegmenter', () => {
  it('opens at the start threshold and keeps going above the lower end threshold (hysteresis)', () => {
    const probs = [...run(10, 0.1), 0.45, ...run(5, 0.6), ...run(10, 0.4), ...run(30, 0.1)];
    const [u, ...rest] = segment(probs, NO_PADDING);
    expect(rest).toEqual([]);
    // 0.45 is below the start threshold: speech starts at frame 11 and lasts through the 0.4s.
    expect(bounds(u!)).toEqual([11, 26]);
    expect(u!.startSec).toBeCloseTo(11 * 0.032, 9);
  });

  it('a pause shorter than the minimum silence does not end the utterance; a longer one does', () => {
    const probs = [...run(20, 0.9), ...run(15, 0.05), ...run(20, 0.9), ...run(20, 0.05), ...run(20, 0.9)];
    const utterances = segment(probs, NO_PADDING);
    expect(utterances.map(bounds)).toEqual([
      [0, 55],
      [75, 95],
    ]);
  });

  it('reports an utterance as soon as the silence after it is long enough', () => {
    const segmenter = new UtteranceSegmenter(NO_PADDING);
    const frames = framesOf([...run(20, 0.9), ...run(30, 0.05)]);
    const at = frames.findIndex((frame) => segmenter.push(frame).length > 0);
    // Speech ends at frame 20; 19 quiet frames (0.608 s) later it is done.
    expect(at).toBe(38);
    expect(segmenter.speaking).toBe(false);
  });

  it('drops speech shorter than the minimum (a click, a cough)', () => {
    const probs = [...run(10, 0), ...run(5, 0.9), ...run(40, 0), ...run(12, 0.9), ...run(30, 0)];
    expect(segment(probs, NO_PADDING).map(bounds)).toEqual([[55, 67]]);
  });

  it('pads the audio before and after the speech, but reports the speech’s own bounds', () => {
    const probs = [...run(30, 0), ...run(20, 0.9), ...run(40, 0)];
    const [u] = segment(probs, { prePadSec: 0.2, postPadSec: 0.2 });
    expect(bounds(u!)).toEqual([30, 50]);
    // 0.2 s is 6 frames either side.
    expect(audioFrames(u!)).toEqual([24, 55]);
    expect(u!.samples.length).toBe(32 * SILERO_FRAME_SAMPLES);
    expect(u!.audioStartSec).toBeCloseTo(24 * 0.032, 9);
    expect(u!.sampleRate).toBe(16_000);
  });

  it('the padding before an utterance never reaches before the first frame', () => {
    const [u] = segment([...run(2, 0), ...run(20, 0.9), ...run(30, 0)], { prePadSec: 0.5 });
    expect(audioFrames(u!)[0]).toBe(0);
    expect(u!.audioStartSec).toBe(0);
  });

  it('splits speech longer than the maximum at its quietest frame in the later half', () => {
    // 8 s limit = 250 frames; a dip to 0.4 at frame 200 is the quietest point after frame 125.
    const probs = run(400, 0.9);
    probs[60] = 0.36;
    probs[200] = 0.4;
    probs[230] = 0.45;
    const utterances = segment(probs, { ...NO_PADDING, maxUtteranceSec: 8 });
    expect(utterances.map(bounds)).toEqual([
      [0, 200],
      [200, 400],
    ]);
    const [first, second] = utterances;
    expect(audioFrames(first!)).toEqual([0, 199]);
    expect(audioFrames(second!)[0]).toBe(200);
  });

  it('a flush closes the open utterance; one that is too short is dropped', () => {
    expect(segment([...run(5, 0), ...run(20, 0.9)], NO_PADDING).map(bounds)).toEqual([[5, 25]]);
    expect(segment([...run(5, 0), ...run(3, 0.9)], NO_PADDING)).toEqual([]);
  });

  it('push-to-talk: one utterance for the whole press, trimmed to the speech by the VAD', () => {
    const probs = [...run(15, 0.02), ...run(30, 0.9), ...run(40, 0.05), ...run(25, 0.8), ...run(20, 0.1)];
    const utterances = segment(probs, { ...segmenterConfigFor('push-to-talk'), ...NO_PADDING });
    expect(utterances.map(bounds)).toEqual([[15, 110]]);
  });

  it('push-to-talk with no speech in the press gives nothing', () => {
    expect(segment(run(80, 0.2), segmenterConfigFor('push-to-talk'))).toEqual([]);
  });

  it('reset forgets an open utterance and the frame count', () => {
    const segmenter = new UtteranceSegmenter(NO_PADDING);
    for (const frame of framesOf(run(20, 0.9))) segmenter.push(frame);
    segmenter.reset();
    expect(segmenter.speaking).toBe(false);
    expect(segmenter.flush()).toEqual([]);
    expect(() => segmenter.push(framesOf([0])[0]!)).not.toThrow();
  });

  it('rejects frames out of order, and an end threshold above the start threshold', () => {
    const segmenter = new UtteranceSegmenter();
    const frames = framesOf([0, 0, 0]);
    segmenter.push(frames[0]!);
    expect(() => segmenter.push(frames[2]!)).toThrow(/in order/);
    expect(() => new UtteranceSegmenter({ startThreshold: 0.3, endThreshold: 0.5 })).toThrow(RangeError);
  });
});
