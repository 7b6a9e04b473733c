/**
 * Microphone capture as raw samples: getUserMedia → MediaStreamAudioSourceNode → an
 * AudioWorklet (capture.worklet.ts) that posts mono Float32 chunks at the audio context's rate.
 * The samples go to the callback and nowhere else: nothing is recorded or sent.
 */
import { AppError, errorMessage } from '../shared/errors';
import { mediaError } from './media-error';
import { stopStream } from './camera';
// A same-origin file the build emits (and the service worker precaches); see capture.worklet.ts.
import captureWorkletUrl from './capture.worklet.ts?worker&url';

/** The processor name the worklet registers. */
export const CAPTURE_PROCESSOR = 'offgrid-capture';
/** Samples per posted chunk: 1024 is 21 ms at 48 kHz, eight render quanta. */
export const DEFAULT_CHUNK_FRAMES = 1024;

/** What the worklet is constructed with. */
export interface CaptureProcessorOptions {
  chunkFrames: number;
}

/** One chunk from the worklet: mono samples, and the audio context frame of the first one. */
export interface CaptureChunk {
  samples: Float32Array<ArrayBuffer>;
  frame: number;
}

export interface AudioCaptureConfig {
  /** What still works without a microphone, appended to error messages. */
  fallback: string;
  /** Each chunk, in order, at `sampleRate`. The array is the callee's. */
  onChunk: (samples: Float32Array) => void;
  /** The microphone stopped on its own (unplugged, revoked). Not called after close(). */
  onEnded?: (error: AppError) => void;
  chunkFrames?: number;
  /**
   * The browser's voice processing (echo cancellation, noise suppression, gain control): on
   * for speech, so what the app reads aloud is not heard back as speech.
   */
  voiceProcessing?: boolean;
}

export class AudioCapture {
  private closed = false;

  private constructor(
    private readonly context: AudioContext,
    private readonly stream: MediaStream,
    private readonly node: AudioWorkletNode,
  ) {}

  /** The rate of the samples given to onChunk (the audio context's, usually 48 or 44.1 kHz). */
  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /**
   * Opens the microphone and starts posting chunks. The worklet is loaded before the
   * microphone opens, so the first samples the microphone gives are the first ones captured.
   * Throws AppError mic/*.
   */
  static async open(config: AudioCaptureConfig): Promise<AudioCapture> {
    const { fallback, onChunk, onEnded, chunkFrames = DEFAULT_CHUNK_FRAMES, voiceProcessing = true } = config;
    if (!navigator.mediaDevices?.getUserMedia)
      throw new AppError(
        'mic/unsupported',
        `This browser offers no microphone here (it needs HTTPS or localhost). ${fallback}`,
      );
    if (typeof AudioWorkletNode === 'undefined')
      throw new AppError(
        'mic/unsupported',
        `This browser cannot process microphone audio (no AudioWorklet). ${fallback}`,
      );
    const context = new AudioContext({ latencyHint: 'interactive' });
    let stream: MediaStream | undefined;
    try {
      try {
        await context.audioWorklet.addModule(captureWorkletUrl);
      } catch (error) {
        throw new AppError(
          'mic/failed',
          `The audio processor could not load (${errorMessage(error)}). Reload the page and try again. ${fallback}`,
        );
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: false,
          audio: {
            channelCount: 1,
            echoCancellation: voiceProcessing,
            noiseSuppression: voiceProcessing,
            autoGainControl: voiceProcessing,
          },
        });
      } catch (error) {
        throw mediaError('microphone', error, fallback);
      }
      const source = context.createMediaStreamSource(stream);
      const options: CaptureProcessorOptions = { chunkFrames };
      // The browser mixes any channel layout down to one channel before the processor sees it.
      const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCount: 1,
        channelCountMode: 'explicit',
        channelInterpretation: 'speakers',
        processorOptions: options,
      });
      const capture = new AudioCapture(context, stream, node);
      node.port.onmessage = (event: MessageEvent<CaptureChunk>) => {
        if (!capture.closed) onChunk(event.data.samples);
      };
      const [track] = stream.getAudioTracks();
      track?.addEventListener('ended', () => {
        if (capture.closed) return;
        capture.close();
        onEnded?.(new AppError('mic/failed', `The microphone stopped (unplugged or blocked). ${fallback}`));
      });
      source.connect(node);
      await context.resume();
      return capture;
    } catch (error) {
      if (stream) stopStream(stream);
      void context.close().catch(() => undefined);
      throw error;
    }
  }

  /** Stops the microphone and the audio graph; no chunk arrives after this. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.node.port.postMessage('stop');
    this.node.port.onmessage = null;
    this.node.disconnect();
    stopStream(this.stream);
    void this.context.close().catch(() => undefined);
  }
}
