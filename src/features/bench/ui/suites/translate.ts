/** The translation suite on this device: the stored pair's first token and decoding rate, on each backend. */
import { installedModels } from '../../../../runtime/model-store-client';
import { translatorFileUrls } from '../../../../runtime/models';
import {
  BENCH_SENTENCE,
  DEFAULT_TRANSLATE_SUITE,
  QUICK_TRANSLATE_SUITE,
  type TranslateBackend,
} from '../../shared/translate-suite';
import { translateRows } from '../../shared/translate-rows';
import { loadOurTranslator } from '../../run/translate-ours';
import { runTranslateSuite } from '../../run/translate-run';
import { suiteResult, type DeviceSuite } from './common';

/** The English → other pair the translation suite uses: the first one stored. */
async function storedPair(): Promise<string | null> {
  const installed = await installedModels();
  return [...installed.keys()].find((id) => id.startsWith('opus-mt-')) ?? null;
}

export const translateSuite: DeviceSuite = {
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
    return suiteResult('translate', quick, translateRows(id, result));
  },
};
