import { signal } from '@preact/signals';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Utterance } from '../shared/segmenter';
import type { Transcript } from '../shared/translation';
import { languageName, SpeechTranslateSession, type SpokenLanguage } from './speech-translate';
import type { TranslateSession } from './translate-session';

const transcribe = vi.fn<(handle: number, audio: Float32Array, options: object) => Promise<Transcript>>();
vi.mock('../../../runtime/models', () => ({
  loadTranscriber: vi.fn(async () => ({ handle: 7, backend: 'wasm' })),
  inference: () => ({ transcribe }),
}));

/** The parts of the text translator the speech session drives, recording what it was asked. */
function fakeTranslator(outputFor: (text: string) => string | null = (text) => `<${text}>`) {
  const asked: string[] = [];
  const translator = {
    source: signal('en'),
    target: signal('en'),
    input: signal(''),
    state: signal('idle'),
    error: signal<string | null>(null),
    cancel: vi.fn(),
    translate: vi.fn(async (text: string) => {
      asked.push(text);
      return outputFor(text);
    }),
  };
  return { translator, asked, session: translator as unknown as TranslateSession };
}

const utterance = (seconds: number): Utterance => ({
  startSec: 0,
  endSec: seconds,
  samples: new Float32Array(seconds * 16000),
  audioStartSec: 0,
  sampleRate: 16000,
});

function transcript(text: string, language: string, detected = true): Transcript {
  return {
    text,
    language,
    detected,
    languageProbability: detected ? 0.9 : 1,
    stats: { audioMs: 1000, featuresMs: 1, encoderMs: 2, firstTokenMs: 3, totalMs: 4, tokens: 2 },
  };
}

async function settled(session: SpeechTranslateSession): Promise<void> {
  await vi.waitFor(() =>
    expect(['done', 'failed', 'cancelled', 'needs-model']).toContain(session.state.value),
  );
}

/**
 * A session on a fake translator that heard one second of speech, settled after Whisper answered
 * `reply` (a transcript, or an error it threw); `spoken` is a chosen spoken language.
 */
async function heard(
  reply: Transcript | Error,
  { spoken, outputFor }: { spoken?: SpokenLanguage; outputFor?: (text: string) => string | null } = {},
) {
  const { translator, session: text } = fakeTranslator(outputFor);
  const session = new SpeechTranslateSession(text, () => true);
  if (spoken) session.spoken.value = spoken;
  if (reply instanceof Error) transcribe.mockRejectedValueOnce(reply);
  else transcribe.mockResolvedValueOnce(reply);
  session.hear(utterance(1));
  await settled(session);
  return { translator, session };
}

beforeEach(() => transcribe.mockReset());

describe('SpeechTranslateSession', () => {
  it('transcribes, then translates from the detected language into the target', async () => {
    const { translator, session } = await heard(transcript('dos.', 'es'));
    expect(transcribe).toHaveBeenCalledWith(
      7,
      expect.any(Float32Array),
      expect.objectContaining({ language: undefined }),
    );
    expect(session.transcript.value).toBe('dos.');
    expect(session.heard.value).toEqual({ language: 'es', detected: true, probability: 0.9 });
    expect(translator.source.value).toBe('es');
    expect(translator.input.value).toBe('dos.');
    expect(session.translation.value).toBe('<dos.>');
    expect(session.stats.value?.backend).toBe('wasm');
  });

  it('passes a chosen spoken language instead of detecting one', async () => {
    await heard(transcript('zwei.', 'de', false), { spoken: 'de' });
    expect(transcribe.mock.calls[0]![2]).toMatchObject({ language: 'de' });
  });

  it('says so, without translating, when the speech is already in the target language', async () => {
    const { translator, session } = await heard(transcript('two.', 'en'));
    expect(translator.translate).not.toHaveBeenCalled();
    expect(session.translation.value).toBe('two.');
    expect(session.note.value).toBe('That was already English.');
  });

  it('names a language it cannot translate, and an utterance with no words', async () => {
    const { translator, session } = await heard(transcript('こんにちは', 'ja'));
    expect(session.note.value).toContain('That sounded like Japanese');
    transcribe.mockResolvedValueOnce(transcript('.', 'en'));
    session.hear(utterance(1));
    await vi.waitFor(() => expect(session.note.value).toContain('No words were recognised'));
    expect(translator.translate).not.toHaveBeenCalled();
  });

  it('keeps an utterance until the speech model is stored, then transcribes it', async () => {
    let stored = false;
    const { session: text } = fakeTranslator();
    const session = new SpeechTranslateSession(text, () => stored);
    session.hear(utterance(2));
    await settled(session);
    expect(session.state.value).toBe('needs-model');
    expect(transcribe).not.toHaveBeenCalled();
    stored = true;
    transcribe.mockResolvedValueOnce(transcript('dos.', 'es'));
    session.resume();
    await vi.waitFor(() => expect(session.state.value).toBe('done'));
    expect(transcribe.mock.calls[0]![1]).toHaveLength(32000);
  });

  it('runs utterances one at a time, in order', async () => {
    const { asked, session: text } = fakeTranslator();
    const session = new SpeechTranslateSession(text, () => true);
    let release!: () => void;
    transcribe
      .mockImplementationOnce(
        () => new Promise((resolve) => (release = () => resolve(transcript('uno.', 'es')))),
      )
      .mockResolvedValueOnce(transcript('dos.', 'es'));
    session.hear(utterance(1));
    session.hear(utterance(3));
    await vi.waitFor(() => expect(transcribe).toHaveBeenCalledTimes(1));
    expect(session.queuedSec.value).toBe(3);
    release();
    await vi.waitFor(() => expect(asked).toEqual(['uno.', 'dos.']));
    expect(session.queuedSec.value).toBe(0);
  });

  it('reports a failed transcription in words, and a failed translation as the translator said it', async () => {
    const { translator, session } = await heard(new Error('The model file is damaged.'), {
      outputFor: () => null,
    });
    expect(session.error.value).toBe('The speech could not be transcribed: The model file is damaged.');
    translator.state.value = 'failed';
    translator.error.value = 'The translation failed: no model.';
    transcribe.mockResolvedValueOnce(transcript('dos.', 'es'));
    session.hear(utterance(1));
    await vi.waitFor(() => expect(session.error.value).toBe('The translation failed: no model.'));
    expect(session.state.value).toBe('failed');
  });
});

describe('languageName', () => {
  it('names our languages and any other Whisper reports', () => {
    expect(languageName('es')).toBe('Spanish');
    expect(languageName('ja')).toBe('Japanese');
  });
});
