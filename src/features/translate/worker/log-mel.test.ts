/**
 * The app's log-mel features against numpy (models/tiny/audio.py, through
 * models/tiny/log_mel_reference.py): a few frames of two signals, and the FFT against a DFT.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ComplexFft, RealPowerSpectrum } from './fft';
import { framesWithAudio, logMel, melFilters, N_FRAMES, N_MELS, WHISPER_SAMPLE_RATE } from './log-mel';

const reference = JSON.parse(
  readFileSync(
    new URL('../../../../tests/fixtures/models/tiny/log-mel-reference.json', import.meta.url),
    'utf8',
  ),
) as {
  cases: { name: string; kind: 'chirp' | 'tones'; seconds: number; frames: number[]; values: number[][] }[];
};

/** Features are float32 of values around −1.5..2; numpy computes in float64. */
const TOLERANCE = 1e-4;

/** The reference script's signals, from the same formulas, rounded to float32 samples. */
function signal(kind: 'chirp' | 'tones', seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * WHISPER_SAMPLE_RATE));
  for (let i = 0; i < out.length; i += 1) {
    const t = i / WHISPER_SAMPLE_RATE;
    if (kind === 'chirp') {
      const sweep = 0.4 * Math.sin(2 * Math.PI * (50 * t + ((7500 - 50) * t * t) / (2 * seconds)));
      const burst = t >= 1 && t < 1.3 ? 0.3 * Math.sin(2 * Math.PI * 3000 * t) : 0;
      out[i] = sweep + 0.2 * Math.sin(2 * Math.PI * 440 * t) + burst;
    } else {
      out[i] =
        0.3 * Math.sin(2 * Math.PI * 300 * t) +
        0.2 * Math.sin(2 * Math.PI * 6000 * t) * Math.sin((Math.PI * t) / 2) ** 2;
    }
  }
  return out;
}

function dft(re: number[], im: number[]): [number[], number[]] {
  const n = re.length;
  const outRe: number[] = [];
  const outIm: number[] = [];
  for (let k = 0; k < n; k += 1) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < n; j += 1) {
      const angle = (-2 * Math.PI * j * k) / n;
      a += re[j]! * Math.cos(angle) - im[j]! * Math.sin(angle);
      b += re[j]! * Math.sin(angle) + im[j]! * Math.cos(angle);
    }
    outRe.push(a);
    outIm.push(b);
  }
  return [outRe, outIm];
}

describe('FFT', () => {
  it('equals a DFT for mixed-radix sizes', () => {
    for (const n of [1, 2, 4, 6, 8, 12, 16, 25, 40, 200, 7, 49]) {
      const re = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + 0.1 * i);
      const im = Array.from({ length: n }, (_, i) => Math.cos(i * 0.3));
      const outRe = new Float64Array(n);
      const outIm = new Float64Array(n);
      new ComplexFft(n).transform(Float64Array.from(re), Float64Array.from(im), outRe, outIm);
      const [wantRe, wantIm] = dft(re, im);
      for (let k = 0; k < n; k += 1) {
        expect(outRe[k]).toBeCloseTo(wantRe[k]!, 9);
        expect(outIm[k]).toBeCloseTo(wantIm[k]!, 9);
      }
    }
  });

  it('gives the power spectrum of a real 400-sample frame', () => {
    const x = Array.from(
      { length: 400 },
      (_, i) => Math.sin(i * 0.37) + 0.5 * Math.cos(i * 2.1) + (i % 7) / 10,
    );
    const power = new Float64Array(201);
    new RealPowerSpectrum(400).power(Float64Array.from(x), power);
    const [re, im] = dft(x, new Array<number>(400).fill(0));
    for (let k = 0; k <= 200; k += 1)
      expect(power[k]! / 1e4).toBeCloseTo((re[k]! ** 2 + im[k]! ** 2) / 1e4, 9);
  });
});

describe('log-mel features', () => {
  it('has 80 Slaney filters that each cover some bins', () => {
    const filters = melFilters();
    expect(filters).toHaveLength(N_MELS);
    for (const f of filters) expect(f.weights.length).toBeGreaterThan(0);
  });

  for (const c of reference.cases) {
    it(`${c.name}: equals numpy within ${TOLERANCE}`, () => {
      const features = logMel(signal(c.kind, c.seconds));
      expect(features).toHaveLength(N_MELS * N_FRAMES);
      c.frames.forEach((frame, i) => {
        const want = c.values[i]!;
        for (let m = 0; m < N_MELS; m += 1) {
          const got = features[m * N_FRAMES + frame]!;
          expect(Math.abs(got - want[m]!), `frame ${frame}, mel ${m}`).toBeLessThan(TOLERANCE);
        }
      });
    });
  }

  it('computes only the frames that touch the audio; silence is the constant floor', () => {
    expect(framesWithAudio(0)).toBe(2);
    expect(framesWithAudio(40_000)).toBe(252);
    expect(framesWithAudio(480_000)).toBe(N_FRAMES);
    expect(framesWithAudio(900_000)).toBe(N_FRAMES);
    const silence = logMel(new Float32Array(16_000));
    expect(new Set(silence)).toEqual(new Set([-1.5]));
  });
});
