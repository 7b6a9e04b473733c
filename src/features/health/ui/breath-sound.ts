/**
 * Breathing from the microphone: the loudness envelope of breath sounds, sampled ten times a
 * second on the page (an AnalyserNode's newest 85 ms), sent to the worker's breathing
 * estimator once a second. The audio never leaves the audio graph: no recording is made.
 */
import { openMicrophone } from '../../../media/microphone';
import { stopStream } from '../../../media/camera';
import { inference } from '../../../runtime/models';
import { DEFAULT_BREATHING_CONFIG } from '../shared/config';
import type { BreathingResult, SeriesSample } from '../shared/types';

/** Envelope samples per second: ten times the fastest breathing the band allows. */
export const ENVELOPE_HZ = 10;
const ESTIMATE_EVERY_MS = 1000;

export class BreathSound {
  private readonly series: SeriesSample[] = [];
  private readonly samples: Float32Array<ArrayBuffer>;
  private readonly sampler: ReturnType<typeof setInterval>;
  private readonly estimator: ReturnType<typeof setInterval>;
  private estimating = false;

  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly analyser: AnalyserNode,
    private readonly onResult: (result: BreathingResult) => void,
  ) {
    this.samples = new Float32Array(analyser.fftSize);
    this.sampler = setInterval(() => this.sample(), 1000 / ENVELOPE_HZ);
    this.estimator = setInterval(() => void this.estimate(), ESTIMATE_EVERY_MS);
  }

  /** Opens the microphone and starts listening. Throws AppError mic/*. */
  static async open(fallback: string, onResult: (result: BreathingResult) => void): Promise<BreathSound> {
    const stream = await openMicrophone(fallback);
    const context = new AudioContext();
    try {
      const analyser = context.createAnalyser();
      analyser.fftSize = 4096;
      context.createMediaStreamSource(stream).connect(analyser);
      await context.resume();
      return new BreathSound(stream, context, analyser, onResult);
    } catch (error) {
      // The audio graph failed: the microphone must not stay open behind the error.
      stopStream(stream);
      void context.close().catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    clearInterval(this.sampler);
    clearInterval(this.estimator);
    stopStream(this.stream);
    void this.context.close().catch(() => undefined);
  }

  private sample(): void {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    for (const s of this.samples) sum += s * s;
    const t = performance.now();
    this.series.push({ t, value: Math.sqrt(sum / this.samples.length) });
    const keepFrom = t - (DEFAULT_BREATHING_CONFIG.windowSeconds + 1) * 1000;
    while (this.series.length > 0 && this.series[0]!.t < keepFrom) this.series.shift();
  }

  private async estimate(): Promise<void> {
    if (this.estimating) return;
    this.estimating = true;
    try {
      this.onResult(await inference().breathingRate([...this.series]));
    } catch {
      // A restarting worker: the next estimate will tell.
    } finally {
      this.estimating = false;
    }
  }
}
