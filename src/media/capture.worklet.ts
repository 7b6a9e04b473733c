/**
 * The microphone's AudioWorklet processor. It runs on the audio rendering thread, collects the
 * (already mono) input into chunks and posts each to the page, transferred, not copied. It keeps
 * nothing: once posted, a chunk is the page's.
 *
 * Loaded by src/media/audio-capture.ts from a same-origin file the build emits (`?worker&url`):
 * the CSP allows scripts from 'self' only, so no blob: or data: module would load. Imports
 * nothing at run time, so the emitted file is this code alone.
 */
import type { CaptureChunk, CaptureProcessorOptions } from './audio-capture';

// The AudioWorkletGlobalScope, which TypeScript's DOM library does not describe.
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new (options: { processorOptions: CaptureProcessorOptions }) => AudioWorkletProcessor,
): void;

/** Must match CAPTURE_PROCESSOR in audio-capture.ts (importing it would bundle the page's module here). */
const NAME = 'offgrid-capture';

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly chunkFrames: number;
  private chunk: Float32Array<ArrayBuffer>;
  private filled = 0;
  private chunkStartFrame = 0;
  private stopped = false;

  constructor(options: { processorOptions: CaptureProcessorOptions }) {
    super();
    this.chunkFrames = options.processorOptions.chunkFrames;
    this.chunk = new Float32Array(this.chunkFrames);
    this.port.onmessage = (event: MessageEvent<'stop'>) => {
      if (event.data === 'stop') this.stopped = true;
    };
  }

  /** One render quantum (128 frames). Returning false lets the node be collected after a stop. */
  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const channels = inputs[0];
    // No channels: the source is not connected yet, or was disconnected. Nothing was heard.
    if (!channels || channels.length === 0) return true;
    const length = channels[0]!.length;
    for (let i = 0; i < length; i += 1) {
      let sum = 0;
      for (const channel of channels) sum += channel[i]!;
      if (this.filled === 0) this.chunkStartFrame = currentFrame + i;
      this.chunk[this.filled++] = sum / channels.length;
      if (this.filled === this.chunkFrames) this.post();
    }
    return true;
  }

  private post(): void {
    const message: CaptureChunk = { samples: this.chunk, frame: this.chunkStartFrame };
    this.port.postMessage(message, [this.chunk.buffer]);
    this.chunk = new Float32Array(this.chunkFrames);
    this.filled = 0;
  }
}

registerProcessor(NAME, CaptureProcessor);
