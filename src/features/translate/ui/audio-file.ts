/**
 * An audio file as 30 s windows of 16 kHz mono, the windows Whisper takes. A WAV file is read a
 * few seconds at a time straight from the file (Blob.slice), converted and resampled in small
 * steps, so a one-hour recording never sits in memory whole and never blocks the page. Other
 * formats (MP3, M4A, Ogg, WebM) can only be decoded whole by the browser, so they are taken up
 * to MAX_DECODED_FILE_BYTES.
 */
import { AppError, errorMessage } from '../../../shared/errors';
import { formatBytes } from '../../../shared/format';
import { audioContainer } from '../shared/audio-container';
import { SPEECH_SAMPLE_RATE, StreamingResampler } from '../shared/resampler';
import { WAV_HEADER_MAX_BYTES, WavError, parseWavHeader, wavToMono, type WavInfo } from '../shared/wav';

/** One window: Whisper's 30 s at 16 kHz. */
export const FILE_WINDOW_SEC = 30;
export const FILE_WINDOW_SAMPLES = FILE_WINDOW_SEC * SPEECH_SAMPLE_RATE;
/** A WAV file is read this much at a time: small enough that converting it is a short task. */
export const WAV_READ_SEC = 2;
/** Compressed files are decoded whole (≈ 10 minutes of typical MP3). */
export const MAX_DECODED_FILE_BYTES = 10_000_000;

/** An opened audio file: its length, and its windows one after another. */
export interface AudioFileWindows {
  durationSec: number;
  windows: number;
  /** The next 30 s window (the last may be shorter), or null after the last. */
  next(): Promise<Float32Array<ArrayBuffer> | null>;
}

/** Opens an audio file for windowed reading. Throws AppError audio/*. */
export async function openAudioFile(file: File): Promise<AudioFileWindows> {
  if (file.size === 0)
    throw new AppError('audio/empty', `“${file.name}” is empty (0 bytes). Pick an audio file.`);
  const head = new Uint8Array(await file.slice(0, WAV_HEADER_MAX_BYTES).arrayBuffer());
  const container = audioContainer(head);
  if (!container) throw notAudio(file);
  if (container === 'wav') {
    let info: WavInfo;
    try {
      info = parseWavHeader(head, file.size);
    } catch (error) {
      if (!(error instanceof WavError)) throw error;
      throw new AppError(
        error.kind === 'unsupported' ? 'audio/unsupported' : 'audio/unreadable',
        `“${file.name}” cannot be read: ${error.message}.`,
      );
    }
    if (info.frames === 0) throw new AppError('audio/empty', `“${file.name}” holds no audio.`);
    return wavWindows(file, info);
  }
  if (file.size > MAX_DECODED_FILE_BYTES)
    throw new AppError(
      'audio/too-large',
      `“${file.name}” is ${formatBytes(file.size)}. Compressed audio (MP3, M4A, Ogg, WebM) is decoded whole, so files up to ${formatBytes(MAX_DECODED_FILE_BYTES)} can be opened. Save a longer recording as WAV, which is read 30 s at a time at any length.`,
    );
  return decodedWindows(file);
}

function notAudio(file: File): AppError {
  return new AppError(
    'audio/unreadable',
    `“${file.name}” is not audio this browser can read. Pick a WAV, MP3, M4A, Ogg or WebM recording.`,
  );
}

/** Lets the page paint and take input between steps. */
const breather = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Collects resampled audio and hands it out in whole windows. */
class WindowBuffer {
  private readonly window = new Float32Array(FILE_WINDOW_SAMPLES);
  private filled = 0;
  readonly ready: Float32Array<ArrayBuffer>[] = [];

  push(samples: Float32Array): void {
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(samples.length - at, FILE_WINDOW_SAMPLES - this.filled);
      this.window.set(samples.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === FILE_WINDOW_SAMPLES) this.emit();
    }
  }

  /** The last, partial window. */
  end(): void {
    if (this.filled > 0) this.emit();
  }

  private emit(): void {
    this.ready.push(this.window.slice(0, this.filled));
    this.filled = 0;
  }
}

function windowCount(durationSec: number): number {
  return Math.max(1, Math.ceil(durationSec / FILE_WINDOW_SEC));
}

function wavWindows(file: File, info: WavInfo): AudioFileWindows {
  const resampler =
    info.sampleRate === SPEECH_SAMPLE_RATE
      ? null
      : new StreamingResampler(info.sampleRate, SPEECH_SAMPLE_RATE);
  const buffer = new WindowBuffer();
  const step = Math.max(1, Math.round(WAV_READ_SEC * info.sampleRate)) * info.frameBytes;
  const end = info.dataOffset + info.dataBytes;
  let at = info.dataOffset;
  let done = false;
  return {
    durationSec: info.durationSec,
    windows: windowCount(info.durationSec),
    async next() {
      while (buffer.ready.length === 0 && !done) {
        if (at >= end) {
          if (resampler) buffer.push(resampler.flush());
          buffer.end();
          done = true;
          break;
        }
        const to = Math.min(end, at + step);
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await file.slice(at, to).arrayBuffer());
        } catch (error) {
          throw new AppError(
            'audio/unreadable',
            `“${file.name}” could not be read any further (${errorMessage(error)}). If it was moved or changed, open it again.`,
          );
        }
        at = to;
        const mono = wavToMono(bytes, info);
        buffer.push(resampler ? resampler.process(mono) : mono);
        await breather();
      }
      return buffer.ready.shift() ?? null;
    },
  };
}

async function decodedWindows(file: File): Promise<AudioFileWindows> {
  let audio: AudioBuffer;
  try {
    // Decoded at 16 kHz by the browser, off the main thread.
    const context = new OfflineAudioContext(1, 1, SPEECH_SAMPLE_RATE);
    audio = await context.decodeAudioData(await file.arrayBuffer());
  } catch {
    throw notAudio(file);
  }
  if (audio.length === 0) throw new AppError('audio/empty', `“${file.name}” holds no audio.`);
  const channels = Array.from({ length: audio.numberOfChannels }, (_, c) => audio.getChannelData(c));
  let at = 0;
  return {
    durationSec: audio.duration,
    windows: windowCount(audio.duration),
    async next() {
      if (at >= audio.length) return null;
      const to = Math.min(audio.length, at + FILE_WINDOW_SAMPLES);
      const out = new Float32Array(to - at);
      for (const channel of channels) {
        for (let i = at; i < to; i += 1) out[i - at] = out[i - at]! + channel[i]! / channels.length;
      }
      at = to;
      await breather();
      return out;
    },
  };
}
