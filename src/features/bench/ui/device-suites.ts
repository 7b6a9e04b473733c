/**
 * The suites the Bench page runs on this device: the same measuring code as `npm run bench`,
 * minus the peers (which the app never ships), on the models stored here. Each turns its own
 * result into the page's rows (../shared/device-result.ts).
 */
import { installedModels } from '../../../runtime/model-store-client';
import { translatorFileUrls } from '../../../runtime/models';
import type { Backend } from '../../../shared/backends';
import { describeDevice, type DeviceResult, type ResultRow, type SuiteId } from '../shared/device-result';
import {
  BENCH_SENTENCE,
  DEFAULT_TRANSLATE_SUITE,
  QUICK_TRANSLATE_SUITE,
  type TranslateBackend,
} from '../shared/translate-suite';
import { loadOurTranslator } from './translate-ours';
import { runTranslateSuite } from './translate-run';

export interface SuiteRunOptions {
  quick: boolean;
  /** The backends to measure, among those this device has. */
  backends: Backend[];
  /** One line per step, for the person watching. */
  log: (line: string) => void;
}

export interface DeviceSuite {
  id: SuiteId;
  title: string;
  description: string;
  /** The backends it can measure. */
  backends: readonly Backend[];
  /** Null when it can run here; otherwise what is missing, in words. */
  ready(): Promise<string | null>;
  run(options: SuiteRunOptions): Promise<DeviceResult>;
}

/** The English → other pair the translation suite uses: the first one stored. */
async function storedPair(): Promise<string | null> {
  const installed = await installedModels();
  return [...installed.keys()].find((id) => id.startsWith('opus-mt-')) ?? null;
}

const translateSuite: DeviceSuite = {
  id: 'translate',
  title: 'Translation',
  description: 'Time to the first word, and words per second, for a 20-word sentence.',
  backends: ['wasm', 'webgpu'],
  async ready() {
    return (await storedPair())
      ? null
      : 'Download a translation pair (Translate page or Models page) to measure it.';
  },
  async run({ quick, backends, log }) {
    const id = await storedPair();
    if (!id) throw new Error('No translation pair is stored on this device.');
    const files = await translatorFileUrls(id);
    const config = {
      ...(quick ? QUICK_TRANSLATE_SUITE : DEFAULT_TRANSLATE_SUITE),
      backends: backends.filter((b): b is TranslateBackend => b === 'wasm' || b === 'webgpu'),
    };
    const result = await runTranslateSuite(
      { ours: (backend) => loadOurTranslator(files, backend) },
      BENCH_SENTENCE,
      config,
      log,
    );
    const rows: ResultRow[] = [];
    const notes: string[] = [];
    for (const engine of result.engines) {
      if (engine.error) notes.push(`${engine.backend}: ${engine.error}`);
      if (engine.samples.length === 0) continue;
      rows.push(
        {
          metric: `${id}, first token`,
          backend: engine.ranOn,
          unit: 'ms',
          lowerIsBetter: true,
          summary: engine.firstTokenMs,
        },
        {
          metric: `${id}, decoding`,
          backend: engine.ranOn,
          unit: 'tokens/s',
          lowerIsBetter: false,
          summary: engine.tokensPerSecond,
        },
      );
    }
    return {
      suite: 'translate',
      date: new Date().toISOString(),
      quick,
      rows,
      ratios: [],
      notes,
      device: describeDevice(),
    };
  },
};

/** Every suite the page offers, in the order shown. */
export const DEVICE_SUITES: readonly DeviceSuite[] = [translateSuite];
