/** The debug calls as the page makes them: the bridge's own cost, what the engine offers, test hooks. */
import { transfer } from 'comlink';
import type { HeldHandle, WorkerFeatures } from '../../worker/types';
import type { CallOptions, ClientCore } from './core';

/** Each client's answer to `features()`, asked once: the engine does not change, even across restarts. */
const featuresAsked = new WeakMap<ClientCore, Promise<WorkerFeatures>>();

export interface DebugClient {
  /** What the worker's engine offers (asked once: the engine does not change). */
  workerFeatures(): Promise<WorkerFeatures>;
  /** Median round trip of a buffer through the bridge (transferred both ways), over `rounds` tries. */
  bridgeRoundTripMs(bytes: number, rounds?: number): Promise<number>;
  /** What the worker holds for the page, oldest first (a restarted worker: what was loaded since). */
  heldInWorker(options?: CallOptions): Promise<HeldHandle[]>;
  /** Test hooks, see InferenceApi. */
  debugHang(options?: CallOptions): Promise<never>;
  /** Resolves after the worker crashed and was replaced. */
  debugCrash(): Promise<boolean>;
  debugLoseDevice(): Promise<boolean>;
}

export const debugClient: DebugClient & ThisType<ClientCore> = {
  workerFeatures() {
    let features = featuresAsked.get(this);
    if (!features) {
      features = this.call((api) => api.features());
      featuresAsked.set(this, features);
      features.catch(() => featuresAsked.delete(this));
    }
    return features;
  },

  async bridgeRoundTripMs(bytes, rounds = 20) {
    const times: number[] = [];
    let buffer = new ArrayBuffer(bytes);
    for (let i = 0; i < rounds; i += 1) {
      const started = performance.now();
      buffer = await this.call((api) => api.echo(transfer(buffer, [buffer])));
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  },

  heldInWorker(options = {}) {
    return this.call((api) => api.held(), options);
  },

  debugHang(options = {}) {
    return this.call((api) => api.debugHang(), options);
  },

  debugCrash() {
    const restarted = new Promise<boolean>((resolve) => {
      const stop = this.onRestart(() => {
        stop();
        resolve(true);
      });
    });
    this.send((api) => api.debugCrash());
    return restarted;
  },

  debugLoseDevice() {
    return this.call((api) => api.debugLoseDevice());
  },
};
