/** The debug calls: the bridge's own cost, test hooks (a hang, a crash, a lost GPU device), and what this engine offers. */
import { transfer } from 'comlink';
import { webgpuDevice } from '../engines/tfjs';
import { workerTrackProcessor } from '../frame-feed';
import { heldHandles } from '../handles';
import type { DebugCalls } from './debug-types';

export const debugCalls: DebugCalls = {
  async echo(buffer) {
    return transfer(buffer, [buffer]);
  },

  debugHang() {
    return new Promise<never>(() => undefined);
  },

  debugCrash() {
    setTimeout(() => {
      throw new Error('Simulated crash of the inference worker');
    });
  },

  async features() {
    return { trackProcessor: workerTrackProcessor() !== null };
  },

  async held() {
    return heldHandles();
  },

  async debugLoseDevice() {
    const device = webgpuDevice();
    if (!device) return false;
    device.destroy();
    await device.lost;
    return true;
  },
};
