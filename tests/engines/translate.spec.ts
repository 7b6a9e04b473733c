/**
 * Translation in WebKit and Firefox on the project's tiny opus-mt stand-ins: the model host is
 * set in Settings, the missing pair downloads through the service worker's model store (SHA-256
 * checked), and typed text translates on WebAssembly to the generator's own numpy decoding.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, TRANSLATE_BUILD_DIR } from '../e2e/helpers';
import { TINY_DIR } from '../e2e/translate-models';
import { wavHeader } from '../media/breath-audio';
import { pageErrors, recordErrors, select, setFile, textOf, waitFor } from './app';
import { expect, test } from './fixtures';
import { downloadModel, translate, withModelHost } from './servers';

type Pairs = Record<string, { cases: { text: string; translation: string }[] }>;
interface AudioCase {
  name: string;
  tone: number | null;
  seconds: number;
  amplitude: number;
  sampleRate: number;
  detectedLanguage: string;
  runs: { language: string; task: string; text: string }[];
}
const expected = JSON.parse(readFileSync(join(TINY_DIR, 'expected.json'), 'utf8')) as {
  marian: { pairs: Pairs };
  whisper: { audioCases: AudioCase[] };
};
const pairs = expected.marian.pairs;

/** The tiny Whisper's 400 Hz case ("one." in English) as a 16-bit WAV file, the generator's own samples. */
function toneWav(dir: string): { path: string; text: string } {
  const tone = expected.whisper.audioCases.find((c) => c.tone === 400)!;
  const count = Math.round(tone.seconds * tone.sampleRate);
  const data = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i += 1) {
    const value = tone.amplitude * Math.sin((2 * Math.PI * tone.tone! * i) / tone.sampleRate);
    data.writeInt16LE(Math.round(value * 32767), i * 2);
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'tone-400hz.wav');
  writeFileSync(path, Buffer.concat([wavHeader(data.length, tone.sampleRate), data]));
  const run = tone.runs.find((r) => r.language === tone.detectedLanguage && r.task === 'transcribe')!;
  return { path, text: run.text.trim() };
}

test('a missing pair downloads through the model store and translates typed text; a spoken file is transcribed', async ({
  engine,
  project,
}, testInfo) => {
  test.setTimeout(240_000);
  const hostRoot = join(FIXTURES_DIR, 'translate-host');
  await withModelHost(engine, testInfo, 4700, TRANSLATE_BUILD_DIR, hostRoot, async (origin, host) => {
    await engine.goto(`${origin}/translate?backend=wasm`);
    await recordErrors(engine);
    await select(engine, '[data-testid="source-lang"]', 'en');
    await select(engine, '[data-testid="target-lang"]', 'de');
    await downloadModel(engine, 'opus-mt-en-de');
    const { text, translation } = pairs['opus-mt-en-de']!.cases[0]!;
    expect(await translate(engine, text)).toBe(translation);
    expect(await textOf(engine, '[data-testid="translate-stats"] [data-testid="backend"]')).toBe('wasm');
    expect(host.requests.length, 'the files came from the model host').toBeGreaterThan(0);

    // Speech from a file: Whisper (tiny) hears the generator's 400 Hz case as "one.", and the
    // transcript fills the text translator.
    await downloadModel(engine, 'whisper-tiny');
    const wav = toneWav(testInfo.outputPath('audio'));
    await setFile(engine, '[data-testid="audio-file-input"]', wav.path, 'audio/wav');
    const transcript = await waitFor(
      engine,
      () => {
        const error = document.querySelector('[data-testid="audio-file-error"]');
        if (error) return `error: ${error.textContent}`;
        const state = document
          .querySelector('[data-testid="audio-file-progress"]')
          ?.getAttribute('data-state');
        return state === 'done'
          ? (document.querySelector('[data-testid="audio-file-transcript"]')?.textContent ?? '')
          : null;
      },
      undefined,
      { timeout: 120_000, message: 'the file’s transcript' },
    );
    console.log(`[metric] ${project} speech file: "${transcript.trim()}"`);
    expect(transcript.trim()).toBe(wav.text);
    const source = await engine.evaluate(
      () => document.querySelector<HTMLTextAreaElement>('[data-testid="source-text"]')?.value ?? '',
    );
    expect(source.trim(), 'the transcript fills the text translator').toBe(wav.text);
    expect(await pageErrors(engine)).toEqual([]);
  });
});
