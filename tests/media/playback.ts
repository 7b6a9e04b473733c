/**
 * How fast Chromium's file camera really plays a clip. It plays slower than real time when the
 * machine is busy (it drops the lost time rather than catching up) while frame timestamps stay
 * real, so a clip's pulse or reps reach the app at `truth × speed`. The specs measure that speed
 * instead of assuming 1: an init script reads a clone of the camera track, frame by frame, with
 * the same timestamps the app sees, and decodes the frame counter (FRAME_CODE) the clip's maker
 * drew into each frame.
 */
import type { Page } from '@playwright/test';
import { FRAME_CODE } from './pulse-signal';

/** One watched frame: its timestamp (ms), the page's clock when it was read, and its index counted across loops. */
export interface Watched {
  t: number;
  now: number;
  frame: number;
}

export interface WatchOptions {
  /** Frames in one pass of the clip (the counter restarts at each loop). */
  frames: number;
  /** Where the counter sits in the clip's frame (FRAME_CODE's own place by default). */
  origin?: { x: number; y: number };
  /**
   * The clip's width. A clip wider than the view the app asks for is cropped by Chromium; the
   * counter is then read relative to the frame's visible rectangle, which needs the coded frame
   * to be the clip's own.
   */
  width?: number;
}

/** Starts watching the camera the page will open (call before the page's first getUserMedia). */
export async function watchPlayback(page: Page, options: WatchOptions): Promise<void> {
  await page.addInitScript(
    ({ code, origin, frames, width }) => {
      type Processor = new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> };
      const log: { t: number; now: number; frame: number }[] = [];
      const state = { log, problem: '' };
      (window as unknown as { playback: typeof state }).playback = state;
      const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await original(constraints);
        const track = stream.getVideoTracks()[0];
        const Processor = (globalThis as unknown as { MediaStreamTrackProcessor: Processor })
          .MediaStreamTrackProcessor;
        if (!track) return stream;
        const clone = track.clone();
        track.addEventListener('ended', () => clone.stop());
        const reader = new Processor({ track: clone }).readable.getReader();
        void (async () => {
          let wraps = 0;
          let last = -1;
          let buffer = new Uint8Array(0);
          for (;;) {
            const { value: frame, done } = await reader.read();
            if (done || !frame) return;
            if (width !== null && frame.codedWidth !== width) {
              state.problem = `frames are ${frame.codedWidth} wide, not the clip's ${width}: the counter cannot be found`;
              frame.close();
              return;
            }
            const rect = frame.visibleRect ?? { x: 0, y: 0 };
            if (buffer.length < frame.allocationSize()) buffer = new Uint8Array(frame.allocationSize());
            const [luma] = await frame.copyTo(buffer);
            let index = 0;
            for (let bit = 0; bit < code.bits; bit += 1) {
              const cx = origin.x - rect.x + (bit % code.columns) * code.block + code.block / 2;
              const cy = origin.y - rect.y + Math.floor(bit / code.columns) * code.block + code.block / 2;
              if (buffer[luma!.offset + cy * luma!.stride + cx]! > 128) index |= 1 << bit;
            }
            if (index < last) wraps += 1;
            last = index;
            log.push({ t: frame.timestamp / 1000, now: performance.now(), frame: index + wraps * frames });
            frame.close();
          }
        })();
        return stream;
      };
    },
    {
      code: FRAME_CODE,
      origin: options.origin ?? { x: FRAME_CODE.x, y: FRAME_CODE.y },
      frames: options.frames,
      width: options.width ?? null,
    },
  );
}

/** Every frame watched so far; throws when none could be read, and why. */
export async function watched(page: Page): Promise<Watched[]> {
  const { log, problem } = await page.evaluate(
    () => (window as unknown as { playback: { log: Watched[]; problem: string } }).playback,
  );
  if (problem || log.length < 2) {
    throw new Error(
      `The clip's playback speed could not be measured: ${problem || 'no frames were watched'}.`,
    );
  }
  return log;
}

/** Playback speed (1 = real time) between two watched frames. */
export function speedBetween(start: Watched, end: Watched, fps: number): number {
  return (end.frame - start.frame) / fps / ((end.t - start.t) / 1000);
}
