import { describe, expect, it } from 'vitest';
import type { WavError } from './wav';
import { looksLikeWav, parseWavHeader, wavToMono } from './wav';

/** A WAV file's bytes: `chunks` go between the RIFF header and the samples. */
function wav(options: {
  format?: number;
  channels?: number;
  sampleRate?: number;
  bits?: number;
  samples: Uint8Array;
  dataSize?: number;
  extra?: Uint8Array;
}): Uint8Array {
  const {
    format = 1,
    channels = 1,
    sampleRate = 16_000,
    bits = 16,
    samples,
    extra = new Uint8Array(0),
  } = options;
  const header = new Uint8Array(44 + extra.length);
  const view = new DataView(header.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => (header[at + i] = c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + extra.length + samples.length, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, (sampleRate * channels * bits) / 8, true);
  view.setUint16(32, (channels * bits) / 8, true);
  view.setUint16(34, bits, true);
  header.set(extra, 36);
  text(36 + extra.length, 'data');
  view.setUint32(40 + extra.length, options.dataSize ?? samples.length, true);
  const out = new Uint8Array(header.length + samples.length);
  out.set(header);
  out.set(samples, header.length);
  return out;
}

const int16 = (...values: number[]) => new Uint8Array(new Int16Array(values).buffer);

describe('WAV header', () => {
  it('reads a 16 kHz mono 16-bit file: where the samples are and how long it is', () => {
    const file = wav({ samples: int16(0, 16384, -32768, 32767) });
    const info = parseWavHeader(file, file.length);
    expect(info).toMatchObject({
      sampleRate: 16_000,
      channels: 1,
      bitsPerSample: 16,
      encoding: 'pcm',
      dataOffset: 44,
      dataBytes: 8,
      frames: 4,
      frameBytes: 2,
    });
    expect(info.durationSec).toBeCloseTo(4 / 16_000);
    expect([...wavToMono(file.subarray(44), info)]).toEqual([0, 0.5, -1, 32767 / 32768]);
  });

  it('gives the duration of a one-hour file from its header alone', () => {
    const bytes = 3600 * 16_000 * 2;
    const head = wav({ samples: new Uint8Array(0), dataSize: bytes });
    const info = parseWavHeader(head, 44 + bytes);
    expect(info.durationSec).toBe(3600);
    expect(info.frames).toBe(3600 * 16_000);
  });

  it('skips chunks before the samples (LIST) and mixes stereo to mono', () => {
    const list = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]); // odd size: one pad byte
    const file = wav({ channels: 2, samples: int16(16384, -16384, 32767, 32767), extra: list });
    const info = parseWavHeader(file, file.length);
    expect(info.dataOffset).toBe(56);
    expect(info.frames).toBe(2);
    expect([...wavToMono(file.subarray(info.dataOffset), info)]).toEqual([0, 32767 / 32768]);
  });

  it('reads 32-bit float, 8-bit and 24-bit samples', () => {
    const float = wav({
      format: 3,
      bits: 32,
      samples: new Uint8Array(new Float32Array([0.25, -0.5]).buffer),
    });
    const f = parseWavHeader(float, float.length);
    expect([...wavToMono(float.subarray(44), f)]).toEqual([0.25, -0.5]);
    const eight = wav({ bits: 8, samples: new Uint8Array([128, 192, 0]) });
    expect([...wavToMono(eight.subarray(44), parseWavHeader(eight, eight.length))]).toEqual([0, 0.5, -1]);
    const twentyFour = wav({ bits: 24, samples: new Uint8Array([0, 0, 0x40, 0, 0, 0x80]) });
    expect([...wavToMono(twentyFour.subarray(44), parseWavHeader(twentyFour, twentyFour.length))]).toEqual([
      0.5, -1,
    ]);
  });

  it('a recorder that was cut off (size 0 or 0xFFFFFFFF, or past the end) runs to the end of the file', () => {
    for (const dataSize of [0, 0xffffffff, 1_000_000]) {
      const file = wav({ samples: int16(1, 2, 3), dataSize });
      expect(parseWavHeader(file, file.length).frames).toBe(3);
    }
  });

  it('says what is wrong with a file it cannot read', () => {
    const text = new TextEncoder().encode('just some text, named .wav');
    expect(looksLikeWav(text)).toBe(false);
    expect(() => parseWavHeader(text, text.length)).toThrow(/not a WAV file/);
    const adpcm = wav({ format: 2, bits: 4, samples: new Uint8Array(4) });
    expect(() => parseWavHeader(adpcm, adpcm.length)).toThrow(/compressed \(WAV format 2\)/);
    try {
      parseWavHeader(adpcm, adpcm.length);
    } catch (error) {
      expect((error as WavError).kind).toBe('unsupported');
    }
    const cut = wav({ samples: int16(1) }).subarray(0, 30);
    expect(() => parseWavHeader(cut, 100)).toThrow(/format chunk is cut short/);
  });
});
