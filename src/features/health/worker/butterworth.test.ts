import { describe, expect, it } from 'vitest';
import golden from '../../../../tests/fixtures/health/butterworth.json';
import { BREATH_BAND, HR_BAND } from '../shared/config';
import { bandpass, designBandpass, frequencyResponse, SOS_STRIDE, sosFiltfilt } from './butterworth';

const sine = (hz: number, fs: number, seconds: number) =>
  Float64Array.from({ length: Math.round(fs * seconds) }, (_, i) => Math.sin((2 * Math.PI * hz * i) / fs));

/** RMS gain in dB over the middle half, away from the edges. */
function gainDb(hz: number, fs: number, low: number, high: number): number {
  const x = sine(hz, fs, 60);
  const y = bandpass(x, fs, low, high);
  const from = Math.floor(x.length / 4);
  const to = Math.floor((3 * x.length) / 4);
  let ex = 0;
  let ey = 0;
  for (let i = from; i < to; i += 1) {
    ex += x[i]! ** 2;
    ey += y[i]! ** 2;
  }
  return 10 * Math.log10(ey / ex);
}

describe('designBandpass', () => {
  it.each(golden.cases.map((c) => [c.fs, c.lowHz, c.highHz, c.order, c] as const))(
    'matches scipy butter(%i Hz, %s–%s Hz, order %i) in magnitude',
    (fs, low, high, order, c) => {
      const sos = designBandpass(fs, low, high, order);
      expect(sos.length).toBe(order * SOS_STRIDE);
      const mine = frequencyResponse(sos, fs, c.hz);
      c.magnitude.forEach((want, i) => expect(mine[i]).toBeCloseTo(want, 9));
    },
  );

  it('has unit gain at the warped centre and −3 dB at both edges', () => {
    const sos = designBandpass(30, 0.7, 3.5, 2);
    const [lowEdge, highEdge] = frequencyResponse(sos, 30, [0.7, 3.5]);
    expect(20 * Math.log10(lowEdge!)).toBeCloseTo(-3.01, 2);
    expect(20 * Math.log10(highEdge!)).toBeCloseTo(-3.01, 2);
  });

  it('rejects a band outside (0, fs/2) and a bad order', () => {
    expect(() => designBandpass(30, 0.7, 15)).toThrow(RangeError);
    expect(() => designBandpass(30, 3.5, 0.7)).toThrow(RangeError);
    expect(() => designBandpass(30, 0.7, 3.5, 0)).toThrow(RangeError);
  });
});

describe('bandpass', () => {
  it.each(golden.cases.map((c) => [c.fs, c.lowHz, c.highHz, c.order, c] as const))(
    'matches scipy sosfiltfilt (odd padding) at %i Hz, %s–%s Hz, order %i',
    (fs, low, high, order, c) => {
      const mine = bandpass(c.input, fs, low, high, order);
      c.filtfilt.forEach((want, i) => expect(mine[i]).toBeCloseTo(want, 8));
    },
  );

  it.each([
    ['heart, below', 0.25, 30, HR_BAND],
    ['heart, above', 7, 30, HR_BAND],
    ['breathing, below', 0.03, 10, BREATH_BAND],
    ['breathing, above', 1.5, 10, BREATH_BAND],
  ] as const)('attenuates an out-of-band sine by more than 20 dB (%s)', (_case, hz, fs, band) => {
    expect(gainDb(hz, fs, band.lowHz, band.highHz)).toBeLessThan(-20);
  });

  it.each([
    [1.2, 30, HR_BAND],
    [2.0, 30, HR_BAND],
    [0.25, 10, BREATH_BAND],
  ] as const)('passes an in-band sine at %s Hz within 0.5 dB', (hz, fs, band) => {
    expect(Math.abs(gainDb(hz, fs, band.lowHz, band.highHz))).toBeLessThan(0.5);
  });

  it('is zero-phase: a band-centre sine comes out in step with the input', () => {
    const x = sine(1.5, 30, 20);
    const y = bandpass(x, 30, 0.7, 3.5);
    let lagged = 0;
    let aligned = 0;
    for (let i = 100; i < 500; i += 1) {
      aligned += (y[i]! - x[i]!) ** 2;
      lagged += (y[i]! - x[i - 1]!) ** 2;
    }
    expect(aligned).toBeLessThan(lagged / 10);
  });

  it('handles tiny inputs', () => {
    expect(bandpass([], 30, 0.7, 3.5)).toHaveLength(0);
    // A lone sample is a constant, which has nothing in the band.
    expect(Array.from(bandpass([5], 30, 0.7, 3.5))).toEqual([0]);
    expect(sosFiltfilt(designBandpass(30, 0.7, 3.5), [1, 2, 3], 100)).toHaveLength(3);
  });
});
