/**
 * The translation calls: a MarianMT translator and a Whisper transcriber, each an encoder and a
 * merged decoder on ONNX with its tokenizer; both stream partial text and stop on abort.
 */
import { MarianTranslator } from '../../features/translate/worker/marian';
import { WhisperTranscriber } from '../../features/translate/worker/whisper';
import type { NamedRunner } from '../../features/translate/worker/seq2seq';
import { chooseBackend } from '../backends';
import {
  buildOverSessions,
  createOnnxSession,
  releaseOnnx,
  runOnnxNamed,
  type OnnxModel,
} from '../engines/onnx';
import { fetchModelBytes, fetchModelJson } from '../model-fetch';
import { addHandle, getHandle, type HandleKind } from '../handles';
import { cancellable } from '../cancel';
import type { Backend } from '../bridge-types';
import type { TranslateCalls, TranslatorFiles } from './translate-types';
import { onnxOnly, orderFor } from './models';

/** A model over two ONNX sessions, released together. */
interface OverSessions<T> {
  model: T;
  sessions: OnnxModel[];
}

const releaseSessions = ({ sessions }: OverSessions<unknown>) => Promise.all(sessions.map(releaseOnnx));
const TRANSLATOR: HandleKind<OverSessions<MarianTranslator>> = {
  noun: 'Translator',
  release: releaseSessions,
};
const TRANSCRIBER: HandleKind<OverSessions<WhisperTranscriber>> = {
  noun: 'Transcriber',
  release: releaseSessions,
};

/**
 * An encoder and a merged decoder on the first ONNX backend that takes both, with the model's
 * JSON files (tokenizer, configs) parsed in the order given, and the model built over them by
 * `build` (a translator, a transcriber); a model that cannot be built releases both sessions.
 */
async function loadEncoderDecoder<T>(
  files: TranslatorFiles,
  jsonUrls: string[],
  forced: Backend | undefined,
  build: (encoder: NamedRunner, decoder: NamedRunner, json: object[]) => T,
): Promise<{ backend: Backend; model: T; sessions: OnnxModel[] }> {
  const order = onnxOnly((await orderFor(forced, undefined)).order);
  // Every file fetched and verified before any backend is tried: a bad file fails as itself.
  const [encoderBytes, decoderBytes, json] = await Promise.all([
    fetchModelBytes(files.encoder),
    fetchModelBytes(files.decoder),
    Promise.all(jsonUrls.map(fetchModelJson)),
  ]);
  let sessions: [OnnxModel, OnnxModel] | undefined;
  const { backend } = await chooseBackend(order, async (candidate) => {
    const encoder = await createOnnxSession(files.encoder, candidate, encoderBytes);
    try {
      sessions = [encoder, await createOnnxSession(files.decoder, candidate, decoderBytes)];
    } catch (error) {
      // The next backend gets both sessions afresh; this one's encoder is not kept.
      await releaseOnnx(encoder).catch(() => undefined);
      throw error;
    }
  });
  const [encoder, decoder] = sessions!;
  const model = await buildOverSessions([encoder, decoder], () =>
    build(
      (inputs) => runOnnxNamed(encoder, inputs),
      (inputs) => runOnnxNamed(decoder, inputs),
      json,
    ),
  );
  return { backend, model, sessions: [encoder, decoder] };
}

/** A page callback for partial text: fire and forget, and a page that went away is no error. */
function forwardPartial(onPartial?: (text: string) => void): ((text: string) => void) | undefined {
  return onPartial && ((partial) => void Promise.resolve(onPartial(partial)).catch(() => undefined));
}

export const translateCalls: TranslateCalls = {
  async loadTranslator(files, forced) {
    const { backend, model, sessions } = await loadEncoderDecoder(
      files,
      [files.tokenizer, files.tokenizerConfig, files.config, files.generationConfig],
      forced,
      (encoder, decoder, [tokenizer, tokenizerConfig, config, generationConfig]) =>
        MarianTranslator.fromFiles(encoder, decoder, {
          tokenizer: tokenizer!,
          tokenizerConfig: tokenizerConfig!,
          config: config!,
          generationConfig: generationConfig!,
        }),
    );
    return { handle: addHandle(TRANSLATOR, { model, sessions }), backend };
  },

  async translate(handle, text, callId, onPartial) {
    const { model } = getHandle(handle, TRANSLATOR);
    return cancellable(callId, (signal) =>
      model.translate(text, { signal, onPartial: forwardPartial(onPartial) }),
    );
  },

  async loadTranscriber(files, forced) {
    const { backend, model, sessions } = await loadEncoderDecoder(
      files,
      [
        files.tokenizer,
        files.tokenizerConfig,
        files.config,
        files.generationConfig,
        files.preprocessorConfig,
      ],
      forced,
      (encoder, decoder, [tokenizer, tokenizerConfig, config, generationConfig, preprocessorConfig]) =>
        WhisperTranscriber.fromFiles(encoder, decoder, {
          tokenizer: tokenizer!,
          tokenizerConfig: tokenizerConfig!,
          config: config!,
          generationConfig: generationConfig!,
          preprocessorConfig: preprocessorConfig!,
        }),
    );
    return { handle: addHandle(TRANSCRIBER, { model, sessions }), backend };
  },

  async transcribe(handle, audio, options, callId, onPartial) {
    const { model } = getHandle(handle, TRANSCRIBER);
    return cancellable(callId, (signal) =>
      model.transcribe(audio, { ...options, signal, onPartial: forwardPartial(onPartial) }),
    );
  },
};
