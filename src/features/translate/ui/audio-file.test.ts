import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/errors';
import { FILE_WINDOW_SAMPLES, MAX_DECODED_FILE_BYTES, openAudioFile } from './audio-file';

/** A mono 16-bit PCM WAV file of `seconds` at `sampleRate`, a sample's value its index mod 100. */
function wavFile(seconds: number, sampleRate: number, name = 'clip.wav'): File {
  const frames = Math.round(seconds * sampleRate);
  const bytes = new Uint8Array(44 + frames * 2);
  const view = new DataView(bytes.buffer);
  [...'RIFF'].forEach((c, i) => (bytes[i] = c.charCodeAt(0)));
  view.setUint32(4, 36 + frames * 2, true);
  [...'WAVEfmt '].forEach((c, i) => (bytes[8 + i] = c.charCodeAt(0)));
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  [...'data'].forEach((c, i) => (bytes[36 + i] = c.charCodeAt(0)));
  view.setUint32(40, frames * 2, true);
  for (let i = 0; i < frames; i += 1) view.setInt16(44 + i * 2, (i % 100) * 100, true);
  return new File([bytes], name, { type: 'audio/wav' });
}

async function allWindows(file: File): Promise<Float32Array[]> {
  const audio = await openAudioFile(file);
  const windows: Float32Array[] = [];
  for (let w = await audio.next(); w; w = await audio.next()) windows.push(w);
  return windows;
}

describe('audio files in 30 s windows', () => {
  it('a 16 kHz WAV: whole 30 s windows, the rest in the last, every sample in order', async () => {
    const file = wavFile(65, 16_000);
    const audio = await openAudioFile(file);
    expect(audio.durationSec).toBe(65);
    expect(audio.windows).toBe(3);
    const windows = await allWindows(file);
    expect(windows.map((w) => w.length)).toEqual([FILE_WINDOW_SAMPLES, FILE_WINDOW_SAMPLES, 5 * 16_000]);
    expect(windows[1]![0]).toBeCloseTo(((FILE_WINDOW_SAMPLES % 100) * 100) / 32768, 6);
  });

  it('a 48 kHz WAV is resampled to 16 kHz windows', async () => {
    const windows = await allWindows(wavFile(31, 48_000));
    expect(windows[0]!.length).toBe(FILE_WINDOW_SAMPLES);
    // One second more, give or take the resampler's few samples of delay.
    expect(Math.abs(windows.reduce((n, w) => n + w.length, 0) - 31 * 16_000)).toBeLessThan(8);
  });

  it('refuses an empty file, a text file, and a large compressed file, saying why', async () => {
    const refusal = async (file: File) => {
      try {
        await openAudioFile(file);
      } catch (error) {
        return error as AppError;
      }
      throw new Error('not refused');
    };
    expect((await refusal(new File([], 'empty.wav'))).code).toBe('audio/empty');
    const text = await refusal(new File(['milk, bread'], 'notes.wav'));
    expect(text.code).toBe('audio/unreadable');
    expect(text.message).toBe(
      '“notes.wav” is not audio this browser can read. Pick a WAV, MP3, M4A, Ogg or WebM recording.',
    );
    const mp3 = new Uint8Array(MAX_DECODED_FILE_BYTES + 1);
    mp3.set([0x49, 0x44, 0x33]); // ID3
    const big = await refusal(new File([mp3], 'talk.mp3'));
    expect(big.code).toBe('audio/too-large');
    expect(big.message).toContain('files up to 10.0 MB can be opened');
    const header = wavFile(0, 16_000);
    expect((await refusal(header)).code).toBe('audio/empty');
    const adpcm = new Uint8Array(await wavFile(1, 16_000).arrayBuffer());
    new DataView(adpcm.buffer).setUint16(20, 2, true);
    expect((await refusal(new File([adpcm], 'adpcm.wav'))).message).toMatch(/compressed \(WAV format 2\)/);
  });
});
