/** The live view's memory check: the inference worker's tensor count, sampled while the camera runs. */
import { inference } from '../../../runtime/models';

/** The worker's tensor count is sampled this often while the camera runs. */
const MEMORY_INTERVAL_MS = 2000;

/**
 * Samples the inference worker's tensor count every few seconds while `running()` holds (a
 * live camera must not grow it); a busy or restarting worker is skipped until the next sample.
 */
export function sampleTensors(running: () => boolean, report: (tensors: number) => void): void {
  const sample = async () => {
    if (!running()) return;
    try {
      report((await inference().memory()).tensors);
    } catch {
      // A busy or restarting worker: the next sample will tell.
    }
    setTimeout(() => void sample(), MEMORY_INTERVAL_MS);
  };
  void sample();
}
