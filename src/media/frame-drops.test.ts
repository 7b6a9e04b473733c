import { describe, expect, it } from 'vitest';
import { FrameReader } from '../worker/frame-reader';
import { FrameDropCounter } from './frame-drops';

/** 30 fps in microseconds, as VideoFrame.timestamp is. */
const INTERVAL = 33_333;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Stamps of `count` camera frames of which those in `skipped` are never read, each off its slot
 * by up to `jitter` of an interval either way.
 */
function stamps(count: number, jitter: number, skipped: ReadonlySet<number> = new Set(), seed = 7): number[] {
  const next = random(seed);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const offset = (next() * 2 - 1) * jitter * INTERVAL;
    if (!skipped.has(i)) out.push(Math.round(1_000_000 + i * INTERVAL + offset));
  }
  return out;
}

function count(timestamps: readonly number[]): number {
  const counter = new FrameDropCounter();
  for (const timestamp of timestamps) counter.frame(timestamp);
  return counter.dropped;
}

/** The same stamps read through a FrameReader, as the camera loops read them. */
async function readerCount(timestamps: readonly number[]): Promise<number> {
  const stream = new ReadableStream<VideoFrame>({
    start(controller) {
      for (const timestamp of timestamps) controller.enqueue({ timestamp } as VideoFrame);
      controller.close();
    },
  });
  const reader = new FrameReader(stream);
  while (await reader.next());
  return reader.dropped;
}

describe('FrameDropCounter', () => {
  it('counts no dropped frame for steady stamps', () => {
    expect(count(stamps(300, 0))).toBe(0);
  });

  it('counts no dropped frame when every frame was read, however the stamps jitter (up to ±20% of an interval)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const jitter of [0.05, 0.1, 0.15, 0.2])
        expect(count(stamps(600, jitter, new Set(), seed))).toBe(0);
    }
  });

  it('counts exactly the frames that were skipped, with jittery stamps', () => {
    // Single frames, runs of two and of five, and the very frame after the first.
    const skipped = new Set([2, 50, 51, 120, 200, 201, 202, 203, 204, 390, 391, 392, 500]);
    for (const seed of [1, 2, 3]) expect(count(stamps(600, 0.2, skipped, seed))).toBe(skipped.size);
  });

  it('counts drops when the reader keeps falling behind (every other frame skipped for a while)', () => {
    const skipped = new Set(Array.from({ length: 20 }, (_, k) => 100 + 2 * k + 1));
    expect(count(stamps(400, 0.15, skipped))).toBe(skipped.size);
  });

  it('ignores stamps that repeat or go back', () => {
    const counter = new FrameDropCounter();
    for (const timestamp of [0, INTERVAL, INTERVAL, INTERVAL / 2, 2 * INTERVAL, 3 * INTERVAL])
      counter.frame(timestamp);
    expect(counter.dropped).toBe(0);
  });
});

describe('FrameReader.dropped', () => {
  it('stays 0 for a jittery camera whose every frame was read', async () => {
    expect(await readerCount(stamps(300, 0.2))).toBe(0);
  });

  it('counts the frames a jittery camera made that were never read', async () => {
    const skipped = new Set([10, 11, 80, 150, 151, 152]);
    expect(await readerCount(stamps(300, 0.2, skipped))).toBe(skipped.size);
  });
});
