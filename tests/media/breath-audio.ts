/**
 * A WAV of breath sounds for Chromium's fake microphone: band-limited noise whose loudness
 * rises and falls once per breath (an exhale towards the microphone), with a quiet noise
 * floor between breaths. Deterministic (seeded), 16 kHz mono 16-bit PCM.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gaussian, mulberry32 } from '../../src/features/health/worker/synthetic';

export interface BreathAudioOptions {
  perMinute: number;
  seconds: number;
  sampleRate?: number;
  seed?: number;
}

/** The samples (−1..1) of `seconds` of breathing at `perMinute`. */
export function breathSamples({
  perMinute,
  seconds,
  sampleRate = 16_000,
  seed = 7,
}: BreathAudioOptions): Float32Array {
  const normal = gaussian(mulberry32(seed));
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const f = perMinute / 60;
  let low = 0;
  for (let i = 0; i < out.length; i += 1) {
    const t = i / sampleRate;
    // Breath noise is broadband but soft: a one-pole low-pass takes the hiss off white noise.
    low += 0.3 * (normal() - low);
    const phase = (t * f) % 1;
    // Exhale over the first 40 % of each cycle, a smooth swell; silence (the floor) otherwise.
    const swell = phase < 0.4 ? Math.sin((Math.PI * phase) / 0.4) ** 2 : 0;
    out[i] = low * (0.01 + 0.25 * swell);
  }
  return out;
}

/** Writes samples as a 16-bit PCM mono WAV. */
export function writeWav(path: string, samples: Float32Array, sampleRate = 16_000): void {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i += 1)
    data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767))), i * 2);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat([wavHeader(data.length, sampleRate), data]));
}

/** The 44-byte header of a 16-bit PCM mono WAV holding `dataBytes` of samples. */
export function wavHeader(dataBytes: number, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
