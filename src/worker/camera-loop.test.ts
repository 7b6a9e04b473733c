import { describe, expect, it, vi } from 'vitest';
import { CameraLoop } from './camera-loop';

/** A stream of stand-in frames (a timestamp and a close) that the test pushes. */
function frames() {
  let controller!: ReadableStreamDefaultController<VideoFrame>;
  const stream = new ReadableStream<VideoFrame>({ start: (c) => void (controller = c) });
  const push = (timestamp: number) => {
    const frame = { timestamp, close: vi.fn() } as unknown as VideoFrame;
    controller.enqueue(frame);
    return frame;
  };
  return { stream, push, end: () => controller.close() };
}

describe('CameraLoop', () => {
  it('steps every frame it reads and closes each after its step', async () => {
    const { stream, push, end } = frames();
    const seen: number[] = [];
    const loop = new CameraLoop(stream, async (frame) => void seen.push(frame.timestamp));
    const first = push(0);
    push(33_333);
    end();
    await loop.done;
    expect(seen).toEqual([0, 33_333]);
    expect(first.close).toHaveBeenCalled();
  });

  it('ends with the error of a failed step, closing its frame', async () => {
    const { stream, push } = frames();
    const loop = new CameraLoop(stream, async () => {
      throw new Error('the model failed');
    });
    const frame = push(0);
    await expect(loop.done).rejects.toThrow('the model failed');
    expect(frame.close).toHaveBeenCalled();
  });
});
