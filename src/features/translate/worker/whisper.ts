/**
 * Whisper speech-to-text on two ONNX sessions in the Transformers.js layout (Xenova/whisper-*):
 * log-mel features (log-mel.ts), the encoder, language detection when no language is given,
 * and greedy decoding on the merged decoder (seq2seq.ts) from the prompt
 * `<|startoftranscript|> <|lang|> <|transcribe|> <|notimestamps|>`. Audio over 30 s is
 * transcribed in consecutive 30 s windows, in the language of the first.
 */
import type { Tokenizer } from '@huggingface/tokenizers';
import type { Transcript, TranscribeOptions } from '../shared/translation';
import { CHUNK_SAMPLES, logMel, N_FRAMES, N_MELS, WHISPER_SAMPLE_RATE } from './log-mel';
import { PARTIAL_EVERY_MS } from './marian';
import { readModelFiles, type ModelFiles } from './model-files';
import { decoderStep, generate, type NamedRunner } from './seq2seq';
import {
  checkPreprocessor,
  detectLanguage,
  languageId,
  whisperConfig,
  type WhisperConfig,
} from './whisper-config';

export interface WhisperTranscribeOptions extends TranscribeOptions {
  signal?: AbortSignal;
  /** The whole transcript so far, as tokens arrive. */
  onPartial?: (text: string) => void;
}

/** One 30 s window's result. */
export interface WindowResult {
  language: string;
  languageProbability: number;
  detected: boolean;
  /** Generated ids: after the prompt, without `<|endoftext|>`. */
  ids: number[];
  text: string;
  encoderMs: number;
  /** From the encoder's start to the first generated token. */
  firstTokenMs: number;
}

function abortError(): DOMException {
  return new DOMException('The transcription was cancelled.', 'AbortError');
}

/** Window texts joined with one space; blank ones left out. */
function join(pieces: readonly string[]): string {
  return pieces
    .map((piece) => piece.trim())
    .filter(Boolean)
    .join(' ');
}

export class WhisperTranscriber {
  constructor(
    private readonly encoder: NamedRunner,
    private readonly decoder: NamedRunner,
    private readonly tokenizer: Tokenizer,
    readonly config: WhisperConfig,
  ) {}

  /** Builds a transcriber from the parsed JSON files of a model folder. */
  static fromFiles(
    encoder: NamedRunner,
    decoder: NamedRunner,
    files: ModelFiles & { preprocessorConfig: object },
  ): WhisperTranscriber {
    checkPreprocessor(files.preprocessorConfig as Record<string, unknown>);
    const { tokenizer, config } = readModelFiles(files, whisperConfig);
    return new WhisperTranscriber(encoder, decoder, tokenizer, config);
  }

  /** Text of generated ids, special tokens left out. */
  decode(ids: readonly number[]): string {
    return this.tokenizer.decode([...ids], { skip_special_tokens: true });
  }

  /**
   * Transcribes one window given its features ([80, 3000], log-mel.ts): the encoder, language
   * detection when `language` is omitted, then greedy decoding. `onIds` gets the ids so far.
   */
  async window(
    features: Float32Array,
    language: string | undefined,
    options: { signal?: AbortSignal; onIds?: (ids: readonly number[]) => void } = {},
  ): Promise<WindowResult> {
    const { config } = this;
    const given = language === undefined ? null : languageId(config, language);
    const started = performance.now();
    // input_features [1, 80, 3000] → last_hidden_state [1, 1500, d_model].
    const encoded = await this.encoder({
      input_features: { dtype: 'float32', shape: [1, N_MELS, N_FRAMES], data: features },
    });
    const hidden = encoded.last_hidden_state;
    if (!hidden) throw new Error('The encoder returned no last_hidden_state.');
    const encoderMs = performance.now() - started;
    if (options.signal?.aborted) throw abortError();
    let detected = { language: language ?? '', probability: 1 };
    if (given === null) {
      const step = await decoderStep(
        this.decoder,
        config.shape,
        hidden,
        null,
        [config.startOfTranscriptId],
        null,
      );
      detected = detectLanguage(step.logits, config.languages);
    }
    const prompt = [
      config.startOfTranscriptId,
      given ?? languageId(config, detected.language),
      config.transcribeId,
      config.noTimestampsId,
    ];
    const ids: number[] = [];
    const beforeGenerate = performance.now() - started;
    const result = await generate(this.decoder, config.shape, hidden, null, {
      startIds: prompt,
      eosId: config.eosId,
      maxNewTokens: config.maxLength - prompt.length,
      suppressIds: config.suppressIds,
      beginSuppressIds: config.beginSuppressIds,
      signal: options.signal,
      onToken: (id) => {
        ids.push(id);
        options.onIds?.(ids);
      },
    });
    return {
      language: detected.language,
      languageProbability: detected.probability,
      detected: given === null,
      ids: result.ids,
      text: this.decode(result.ids),
      encoderMs,
      firstTokenMs: beforeGenerate + result.firstTokenMs,
    };
  }

  /** Transcribes 16 kHz mono audio of any length, 30 s at a time; the first window sets the language. */
  async transcribe(audio: Float32Array, options: WhisperTranscribeOptions = {}): Promise<Transcript> {
    const started = performance.now();
    const { signal, onPartial } = options;
    let language = options.language;
    let languageProbability = 1;
    const detected = language === undefined;
    if (language !== undefined) languageId(this.config, language);
    const windows = Math.max(1, Math.ceil(audio.length / CHUNK_SAMPLES));
    const pieces: string[] = [];
    let featuresMs = 0;
    let encoderMs = 0;
    let firstTokenMs = 0;
    let tokens = 0;
    let lastPartial = -Infinity;
    for (let w = 0; w < windows; w += 1) {
      if (signal?.aborted) throw abortError();
      const windowStarted = performance.now();
      const features = logMel(audio.subarray(w * CHUNK_SAMPLES, (w + 1) * CHUNK_SAMPLES));
      featuresMs += performance.now() - windowStarted;
      if (signal?.aborted) throw abortError();
      const result = await this.window(features, language, {
        signal,
        onIds: (ids) => {
          // The whole transcript so far crosses to the page at most every PARTIAL_EVERY_MS.
          const now = performance.now();
          if (!onPartial || now - lastPartial < PARTIAL_EVERY_MS) return;
          lastPartial = now;
          onPartial(join([...pieces, this.decode(ids)]));
        },
      });
      if (w === 0) {
        language = result.language;
        languageProbability = result.languageProbability;
        firstTokenMs = windowStarted - started + (featuresMs + result.firstTokenMs);
      }
      encoderMs += result.encoderMs;
      tokens += result.ids.length;
      pieces.push(result.text);
    }
    const text = join(pieces);
    onPartial?.(text);
    return {
      text,
      language: language!,
      languageProbability,
      detected,
      stats: {
        audioMs: (audio.length / WHISPER_SAMPLE_RATE) * 1000,
        featuresMs,
        encoderMs,
        firstTokenMs,
        totalMs: performance.now() - started,
        tokens,
      },
    };
  }
}
