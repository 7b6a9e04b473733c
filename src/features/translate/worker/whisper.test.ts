/**
 * The app's Whisper transcriber (log-mel.ts, Tokenizers.js, seq2seq.ts) on the project's tiny
 * Whisper (tests/fixtures/models/tiny/whisper-tiny, made by models/tiny): its ids, text and
 * detected language must equal the generator's numpy decodings in expected.json, from given
 * features and from audio.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { logMel, N_FRAMES, N_MELS, WHISPER_SAMPLE_RATE } from './log-mel';
import { ortRunner } from './ort-runner.test-helpers';
import type { NamedRunner } from './seq2seq';
import { WhisperTranscriber } from './whisper';
import { checkPreprocessor, detectLanguage } from './whisper-config';

const ROOT = new URL('../../../../tests/fixtures/models/tiny/', import.meta.url);
const MODEL = 'whisper-tiny';

interface Run {
  language: string;
  task: 'transcribe' | 'translate';
  sequence: number[];
  text: string;
}
interface FeatureCase {
  name: string;
  fill: number;
  blocks: { mels: [number, number]; frames: [number, number]; value: number }[];
  detectedLanguage: string;
  runs: Run[];
}
interface AudioCase {
  name: string;
  tone: number | null;
  seconds: number;
  amplitude: number;
  sampleRate: number;
  detectedLanguage: string;
  runs: Run[];
}
const expected = JSON.parse(readFileSync(new URL('expected.json', ROOT), 'utf8')) as {
  whisper: {
    ids: { endOfText: number; startOfTranscript: number; transcribe: number; noTimestamps: number };
    beginSuppressTokens: number[];
    featureCases: FeatureCase[];
    audioCases: AudioCase[];
  };
};
const w = expected.whisper;

/** Each test runs a few small sessions; generous for a loaded CI machine. */
const TIMEOUT_MS = 60_000;

let sessions: { encoder: NamedRunner; decoder: NamedRunner } | undefined;

const file = (path: string) => readFileSync(new URL(`${MODEL}/${path}`, ROOT));
const json = (path: string) => JSON.parse(file(path).toString('utf8')) as Record<string, unknown>;

const runner = (path: string) => ortRunner(file(path));

async function transcriber(): Promise<WhisperTranscriber> {
  sessions ??= {
    encoder: await runner('onnx/encoder_model_quantized.onnx'),
    decoder: await runner('onnx/decoder_model_merged_quantized.onnx'),
  };
  return WhisperTranscriber.fromFiles(sessions.encoder, sessions.decoder, {
    tokenizer: json('tokenizer.json'),
    tokenizerConfig: json('tokenizer_config.json'),
    config: json('config.json'),
    generationConfig: json('generation_config.json'),
    preprocessorConfig: json('preprocessor_config.json'),
  });
}

/** [80, 3000] features from a case's fill value and blocks. */
function features(c: FeatureCase): Float32Array {
  const data = new Float32Array(N_MELS * N_FRAMES).fill(c.fill);
  for (const {
    mels: [m0, m1],
    frames: [f0, f1],
    value,
  } of c.blocks)
    for (let m = m0; m < m1; m += 1) data.fill(value, m * N_FRAMES + f0, m * N_FRAMES + f1);
  return data;
}

/** A sine tone (or silence) at 16 kHz, placed at `delaySec`, in a clip of `totalSec`. */
function tone(
  hz: number | null,
  seconds: number,
  amplitude = 0.5,
  delaySec = 0,
  totalSec = delaySec + seconds,
) {
  const audio = new Float32Array(Math.round(totalSec * WHISPER_SAMPLE_RATE));
  if (hz === null) return audio;
  const at = Math.round(delaySec * WHISPER_SAMPLE_RATE);
  for (let i = 0; i < Math.round(seconds * WHISPER_SAMPLE_RATE); i += 1)
    audio[at + i] = amplitude * Math.sin((2 * Math.PI * hz * i) / WHISPER_SAMPLE_RATE);
  return audio;
}

/** The prompt the transcriber forces, then its ids, then the end token: the reference's `sequence`. */
const sequence = (languageId: number, ids: number[]) => [
  w.ids.startOfTranscript,
  languageId,
  w.ids.transcribe,
  w.ids.noTimestamps,
  ...ids,
  w.ids.endOfText,
];

describe('Whisper configuration', () => {
  it(
    'reads the ids, suppression lists and limits from the model files',
    async () => {
      const { config } = await transcriber();
      expect(config.startOfTranscriptId).toBe(w.ids.startOfTranscript);
      expect(config.eosId).toBe(w.ids.endOfText);
      expect(config.transcribeId).toBe(w.ids.transcribe);
      expect(config.noTimestampsId).toBe(w.ids.noTimestamps);
      expect(config.beginSuppressIds).toEqual(w.beginSuppressTokens);
      expect(config.suppressIds).toEqual(json('generation_config.json').suppress_tokens);
      expect(config.languages.size).toBe(99);
      expect(config.languages.get('de')).toBe(316);
      expect(config.maxLength).toBe(448);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses features it does not compute, and languages the model does not know',
    async () => {
      expect(() => checkPreprocessor({ ...json('preprocessor_config.json'), feature_size: 128 })).toThrow(
        /feature_size = 128/,
      );
      const whisper = await transcriber();
      await expect(whisper.transcribe(new Float32Array(100), { language: 'xx' })).rejects.toThrow(
        /no language "xx".*en, zh, de/,
      );
    },
    TIMEOUT_MS,
  );

  it('detects the language by a softmax over the language tokens only', () => {
    const logits = new Float32Array(10).fill(50);
    logits[3] = 2;
    logits[5] = 2 + Math.log(3);
    const languages = new Map([
      ['en', 3],
      ['de', 5],
    ]);
    const result = detectLanguage({ dtype: 'float32', shape: [1, 1, 10], data: logits }, languages);
    expect(result.language).toBe('de');
    expect(result.probability).toBeCloseTo(0.75, 6);
  });
});

describe('WhisperTranscriber on the tiny model', () => {
  for (const c of w.featureCases) {
    it(
      `${c.name} features: detected language, ids and text equal the reference`,
      async () => {
        const whisper = await transcriber();
        const input = features(c);
        const found = await whisper.window(input, undefined);
        expect(found.language).toBe(c.detectedLanguage);
        expect(found.detected).toBe(true);
        expect(found.languageProbability).toBeGreaterThan(0);
        expect(found.languageProbability).toBeLessThanOrEqual(1);
        for (const run of c.runs.filter((r) => r.task === 'transcribe')) {
          const result = await whisper.window(input, run.language);
          expect(sequence(whisper.config.languages.get(run.language)!, result.ids), run.language).toEqual(
            run.sequence,
          );
          expect(result.text, run.language).toBe(run.text);
          expect(result).toMatchObject({ language: run.language, languageProbability: 1, detected: false });
          if (run.language === c.detectedLanguage) expect(found.ids).toEqual(result.ids);
        }
      },
      TIMEOUT_MS,
    );
  }

  for (const c of w.audioCases) {
    it(
      `${c.name}, ${c.seconds} s: from audio, as the reference, detected and with each language`,
      async () => {
        const whisper = await transcriber();
        const audio = tone(c.tone, c.seconds, c.amplitude);
        const detected = await whisper.transcribe(audio);
        expect(detected).toMatchObject({ language: c.detectedLanguage, detected: true });
        // The reference transcribes in en, de and es (French only as translation).
        const same = c.runs.find((r) => r.language === c.detectedLanguage && r.task === 'transcribe');
        if (same) expect(detected.text).toBe(same.text.trim());
        for (const run of c.runs.filter((r) => r.task === 'transcribe')) {
          const result = await whisper.window(logMel(audio), run.language);
          expect(sequence(whisper.config.languages.get(run.language)!, result.ids), run.language).toEqual(
            run.sequence,
          );
          const transcript = await whisper.transcribe(audio, { language: run.language });
          expect(transcript).toMatchObject({
            text: run.text.trim(),
            language: run.language,
            detected: false,
          });
        }
      },
      TIMEOUT_MS,
    );
  }

  it(
    'names the tones in English and German, and silence as "."',
    async () => {
      const whisper = await transcriber();
      const words = { en: ['one.', 'two.', 'three.', 'four.'], de: ['eins.', 'zwei.', 'drei.', 'vier.'] };
      for (const [language, expectedWords] of Object.entries(words)) {
        for (const [i, hz] of [400, 1150, 2400, 5000].entries()) {
          const result = await whisper.transcribe(tone(hz, 1), { language });
          expect(result.text, `${hz} Hz, ${language}`).toBe(expectedWords[i]);
        }
      }
      const english = await whisper.transcribe(tone(400, 1));
      expect(english).toMatchObject({ text: 'one.', language: 'en', detected: true });
      const silence = await whisper.transcribe(tone(null, 1));
      expect(silence).toMatchObject({ text: '.', language: 'en', detected: true });
    },
    TIMEOUT_MS,
  );

  it(
    'transcribes 35 s in two 30 s windows, in the first window’s language, streaming the text',
    async () => {
      const whisper = await transcriber();
      // 400 Hz in the first window (band 0: English), 5000 Hz in the second (band 3).
      const audio = tone(400, 1, 0.5, 2, 35);
      audio.set(tone(5000, 1), 31 * WHISPER_SAMPLE_RATE);
      const partials: string[] = [];
      const result = await whisper.transcribe(audio, { onPartial: (text) => partials.push(text) });
      expect(result).toMatchObject({ text: 'one. four.', language: 'en', detected: true });
      expect(result.stats).toMatchObject({ audioMs: 35_000, tokens: 4 });
      expect(result.stats.firstTokenMs).toBeGreaterThan(0);
      expect(result.stats.totalMs).toBeGreaterThanOrEqual(result.stats.firstTokenMs);
      expect(partials[0]).toBe('one');
      expect(partials.at(-1)).toBe(result.text);
    },
    TIMEOUT_MS,
  );

  it(
    'stops when cancelled, before it starts and between tokens',
    async () => {
      const whisper = await transcriber();
      const before = new AbortController();
      before.abort();
      await expect(whisper.transcribe(tone(400, 1), { signal: before.signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
      const during = new AbortController();
      const partials: string[] = [];
      const audio = tone(400, 35);
      await expect(
        whisper.transcribe(audio, {
          signal: during.signal,
          onPartial: (text) => {
            partials.push(text);
            during.abort();
          },
        }),
      ).rejects.toMatchObject({ name: 'AbortError' });
      expect(partials).toEqual(['one']);
    },
    TIMEOUT_MS,
  );
});
