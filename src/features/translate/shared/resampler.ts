/**
 * A streaming resampler: microphone audio at the audio context's rate (44.1 or 48 kHz, or
 * whatever the device gives) to the 16 kHz that Silero VAD and Whisper take. Windowed-sinc
 * interpolation with the cut-off below the lower Nyquist frequency, so 48 kHz speech does not
 * fold its 8–24 kHz content back into the band the models hear. Chunks of any size give the
 * same output as one long buffer; the delay is half the kernel (about 0.5 ms at 48 kHz).
 */

/** The sample rate the speech models take. */
export const SPEECH_SAMPLE_RATE = 16_000;

export interface ResamplerConfig {
  /** Zero crossings of the low-pass sinc on each side of its centre (kernel length ≈ 2 × this × ratio). */
  zeroCrossings: number;
  /**
   * Cut-off as a fraction of the lower Nyquist frequency, leaving room for the window's
   * transition band: at 48 → 16 kHz, flat to 6 kHz (−0.2 dB), −5.5 dB at 7 kHz, and 60 dB
   * down from 8.5 kHz on (which would fold back to 7.5 kHz).
   */
  cutoff: number;
  /** Kaiser window β: 8.6 keeps the stop band about 80 dB down. */
  kaiserBeta: number;
  /** Kernel table entries per input sample; between entries the kernel is interpolated linearly. */
  tableResolution: number;
}

export const DEFAULT_RESAMPLER_CONFIG: ResamplerConfig = {
  zeroCrossings: 12,
  cutoff: 0.88,
  kaiserBeta: 8.6,
  tableResolution: 256,
};

/** Zeroth-order modified Bessel function of the first kind (power series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const half = x / 2;
  for (let k = 1; k < 50; k += 1) {
    term *= (half / k) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Resamples a stream of mono chunks from `inputRate` to `outputRate`. */
export class StreamingResampler {
  /** Input samples per output sample. */
  readonly step: number;
  /** Half-width of the kernel, in input samples. */
  private readonly halfWidth: number;
  private readonly table: Float32Array;
  private readonly resolution: number;
  /** Input not yet consumed; `buffer[0]` is input sample `bufferStart`. */
  private buffer: Float32Array;
  /** Position of the next output sample, in input samples from `buffer[0]`. */
  private position: number;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number = SPEECH_SAMPLE_RATE,
    config: Partial<ResamplerConfig> = {},
  ) {
    if (!(inputRate > 0) || !(outputRate > 0))
      throw new RangeError(`Sample rates must be positive (got ${inputRate} → ${outputRate}).`);
    const { zeroCrossings, cutoff, kaiserBeta, tableResolution } = { ...DEFAULT_RESAMPLER_CONFIG, ...config };
    this.step = inputRate / outputRate;
    // Cut-off in cycles per input sample: below the output's Nyquist when downsampling.
    const fc = (cutoff * Math.min(1, outputRate / inputRate)) / 2;
    this.halfWidth = Math.ceil(zeroCrossings / (2 * fc));
    this.resolution = tableResolution;
    const entries = this.halfWidth * tableResolution + 2;
    this.table = new Float32Array(entries);
    const i0Beta = besselI0(kaiserBeta);
    for (let i = 0; i < entries; i += 1) {
      const t = i / tableResolution;
      const r = t / this.halfWidth;
      if (r >= 1) continue;
      const sinc = t === 0 ? 1 : Math.sin(2 * Math.PI * fc * t) / (2 * Math.PI * fc * t);
      this.table[i] = 2 * fc * sinc * (besselI0(kaiserBeta * Math.sqrt(1 - r * r)) / i0Beta);
    }
    // Silence before the first sample, so the first output is centred on input sample 0.
    this.buffer = new Float32Array(this.halfWidth);
    this.position = this.halfWidth;
  }

  /** The kernel at a distance of `t` input samples from its centre. */
  private kernel(t: number): number {
    const x = Math.abs(t) * this.resolution;
    const i = Math.floor(x);
    const frac = x - i;
    return this.table[i]! + frac * (this.table[i + 1]! - this.table[i]!);
  }

  /** Resamples one chunk; returns the output samples that are complete so far (possibly none). */
  process(input: Float32Array): Float32Array {
    const buffer = new Float32Array(this.buffer.length + input.length);
    buffer.set(this.buffer);
    buffer.set(input, this.buffer.length);
    const { halfWidth, step } = this;
    const out = new Float32Array(
      Math.max(0, Math.ceil((buffer.length - halfWidth - this.position) / step) + 1),
    );
    let count = 0;
    let position = this.position;
    while (Math.floor(position) + halfWidth < buffer.length) {
      const centre = Math.floor(position);
      let sum = 0;
      for (let k = centre - halfWidth + 1; k <= centre + halfWidth; k += 1) {
        sum += buffer[k]! * this.kernel(position - k);
      }
      out[count++] = sum;
      position += step;
    }
    // Keep what the next outputs still need: from the first tap of the next output on.
    const keepFrom = Math.max(0, Math.floor(position) - halfWidth + 1);
    this.buffer = buffer.slice(keepFrom);
    this.position = position - keepFrom;
    return out.slice(0, count);
  }

  /** Pushes the last input through (padding with silence) and returns the remaining output. */
  flush(): Float32Array {
    return this.process(new Float32Array(this.halfWidth + Math.ceil(this.step)));
  }
}

/** Resamples a whole buffer in one go. */
export function resample(
  input: Float32Array,
  inputRate: number,
  outputRate = SPEECH_SAMPLE_RATE,
): Float32Array {
  if (inputRate === outputRate) return input.slice();
  const resampler = new StreamingResampler(inputRate, outputRate);
  const head = resampler.process(input);
  const tail = resampler.flush();
  const expected = Math.round((input.length * outputRate) / inputRate);
  const out = new Float32Array(expected);
  out.set(head.subarray(0, expected));
  if (head.length < expected) out.set(tail.subarray(0, expected - head.length), head.length);
  return out;
}
