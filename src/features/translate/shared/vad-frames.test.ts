import { describe, expect, it } from 'vitest';
import { SILERO_CONTEXT_SAMPLES, SILERO_FRAME_SAMPLES, SILERO_STATE_SIZE } from './vad-config';
import { VadFrameLoop, type SileroRunner } from './vad-frames';

interface Call {
  input: Float32Array;
  state: Float32Array;
}

/** A stand-in for Silero: probability = the frame's first new sample; state = old state + 1. */
function fakeModel(options: { failAt?: number; delayMs?: number } = {}): {
  run: SileroRunner;
  calls: Call[];
} {
  const calls: Call[] = [];
  const run: SileroRunner = async (input, state) => {
    calls.push({ input: input.slice(), state: state.slice() });
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (calls.length === options.failAt) throw new Error('worker crashed');
    return { probability: input[SILERO_CONTEXT_SAMPLES]!, state: state.map((v) => v + 1) };
  };
  return { run, calls };
}

/** `count` samples whose value is their own index / 10 000 (so every sample is recognisable). */
function ramp(from: number, count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => (from + i) / 10_000);
}

describe('VadFrameLoop', () => {
  it('cuts chunks of any size into 512-sample frames, in order, with their times', async () => {
    const { run, calls } = fakeModel();
    const loop = new VadFrameLoop(run);
    const sizes = [100, 700, 1, 511, 1000, 300];
    const frames = [];
    let at = 0;
    for (const size of sizes) {
      frames.push(...(await loop.push(ramp(at, size))));
      at += size;
    }
    // 2612 samples: five whole frames, 52 samples waiting.
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect(frames.map((f) => f.startSec)).toEqual([0, 0.032, 0.064, 0.096, 0.128]);
    expect(loop.seconds).toBeCloseTo(2612 / 16_000, 9);
    for (const frame of frames) {
      expect(frame.samples).toEqual(ramp(frame.index * SILERO_FRAME_SAMPLES, SILERO_FRAME_SAMPLES));
      expect(frame.probability).toBeCloseTo((frame.index * SILERO_FRAME_SAMPLES) / 10_000, 6);
    }
    expect(calls).toHaveLength(5);
  });

  it('puts the previous frame’s last 64 samples in front of each frame (silence before the first)', async () => {
    const { run, calls } = fakeModel();
    const loop = new VadFrameLoop(run);
    await loop.push(ramp(0, 3 * SILERO_FRAME_SAMPLES));
    expect(calls[0]!.input.length).toBe(SILERO_CONTEXT_SAMPLES + SILERO_FRAME_SAMPLES);
    expect(calls[0]!.input.subarray(0, SILERO_CONTEXT_SAMPLES).every((v) => v === 0)).toBe(true);
    expect(calls[2]!.input).toEqual(ramp(2 * SILERO_FRAME_SAMPLES - SILERO_CONTEXT_SAMPLES, 576));
  });

  it('carries the recurrent state from each call to the next', async () => {
    const { run, calls } = fakeModel();
    const loop = new VadFrameLoop(run);
    await loop.push(new Float32Array(4 * SILERO_FRAME_SAMPLES));
    expect(calls.map((c) => c.state.length)).toEqual([256, 256, 256, 256].map(() => SILERO_STATE_SIZE));
    expect(calls.map((c) => c.state[0])).toEqual([0, 1, 2, 3]);
    expect(calls.every((c) => c.state.every((v) => v === c.state[0]))).toBe(true);
  });

  it('runs frames one at a time in order when pushes overlap', async () => {
    const { run, calls } = fakeModel({ delayMs: 2 });
    const loop = new VadFrameLoop(run);
    const results = await Promise.all([
      loop.push(ramp(0, 600)),
      loop.push(ramp(600, 600)),
      loop.push(ramp(1200, 400)),
    ]);
    expect(results.map((frames) => frames.map((f) => f.index))).toEqual([[0], [1], [2]]);
    expect(calls.map((c) => c.state[0])).toEqual([0, 1, 2]);
  });

  it('reset starts a new stream: frame 0, zero state and context, and drops a run in flight', async () => {
    const { run, calls } = fakeModel({ delayMs: 2 });
    const loop = new VadFrameLoop(run);
    await loop.push(ramp(0, 2 * SILERO_FRAME_SAMPLES));
    const inFlight = loop.push(ramp(0, 2 * SILERO_FRAME_SAMPLES));
    loop.reset();
    expect((await inFlight).length).toBeLessThanOrEqual(1);
    const after = await loop.push(ramp(5000, SILERO_FRAME_SAMPLES));
    expect(after.map((f) => f.index)).toEqual([0]);
    const last = calls.at(-1)!;
    expect(last.state.every((v) => v === 0)).toBe(true);
    expect(last.input.subarray(0, SILERO_CONTEXT_SAMPLES).every((v) => v === 0)).toBe(true);
  });

  it('a failed model call rejects its push; the next push goes on from the last good state', async () => {
    const { run, calls } = fakeModel({ failAt: 2 });
    const loop = new VadFrameLoop(run);
    await loop.push(new Float32Array(SILERO_FRAME_SAMPLES));
    await expect(loop.push(new Float32Array(SILERO_FRAME_SAMPLES))).rejects.toThrow('worker crashed');
    const next = await loop.push(new Float32Array(SILERO_FRAME_SAMPLES));
    expect(next.map((f) => f.index)).toEqual([2]);
    expect(calls.map((c) => c.state[0])).toEqual([0, 1, 1]);
  });

  it('rejects a model that returns a state of the wrong size', async () => {
    const loop = new VadFrameLoop(async () => ({ probability: 0, state: new Float32Array(3) }));
    await expect(loop.push(new Float32Array(SILERO_FRAME_SAMPLES))).rejects.toThrow(/state of 3 values/);
  });
});
