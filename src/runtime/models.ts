/**
 * The app's one inference client, and models loaded on it by registry id. A load is shared
 * by every caller and forgotten when it fails, so the next attempt can succeed.
 */
import { defaultVariantOf, type ModelManifest } from '../shared/model-registry';
import { remoteAlias } from '../shared/model-hosts';
import { AppError } from '../shared/errors';
import { preferredBackend, wasmThreadsFromUrl } from './backend-preference';
import { InferenceClient, type CallOptions, type ModelHandle } from './inference-client';
import type { Backend, TensorData, TranscriberFiles, TranslatorFiles } from '../worker/types';
import { loadRegistry } from './model-store-client';
import { automaticOrder, measureLater } from './backend-choice';
import { markStartup } from '../shared/startup-marks';

let client: InferenceClient | null = null;
const loads = new Map<string, Promise<ModelHandle>>();

/** The shared inference worker bridge, started on first use. */
export function inference(): InferenceClient {
  if (!client) {
    markStartup('worker-asked');
    client = new InferenceClient();
    // Sent before any load, so the engines start on it (the client keeps it across restarts).
    const threads = wasmThreadsFromUrl();
    if (threads) void client.setWasmThreads(threads).catch(() => undefined);
  }
  return client;
}

/** True once a page has started the inference worker (asking it then costs no worker start). */
export function inferenceStarted(): boolean {
  return client !== null;
}

export interface LoadModelOptions extends Pick<CallOptions, 'onEvent'> {
  /** Run on this backend whatever the preference (a model that is best on one backend). */
  backend?: Backend;
  /** ONNX only: inputs for a warm-up run at load time, so the first real call is not the slow one. */
  warmupInputs?: TensorData[];
}

/** Loads a registry model (its default variant) on the preferred backend, or the one given, once. */
export function loadModel(id: string, options: LoadModelOptions = {}): Promise<ModelHandle> {
  const { backend = preferredBackend(), warmupInputs, ...call } = options;
  return loadOnce(loads, `${id}@${backend ?? 'auto'}`, async () => {
    // The worker starts now (its modules take a few hundred ms to evaluate), while the page
    // reads the registry and probes the GPU renderers for the automatic order.
    const client = inference();
    const model = await registryModel(id);
    const file = defaultVariantOf(model).files.find((f) => /\.(json|onnx)$/.test(f.path));
    if (!file) throw new AppError('model/unknown', `The model “${id}” has no graph file.`);
    // Automatic mode: the order measured on this device, else the quick hint; measured in the
    // background after this load when not yet (src/runtime/backend-choice.ts).
    const auto = backend ? undefined : await automaticOrder(model);
    const handle = await client.load(
      { engine: model.engine, url: file.url, backend, warmupInputs, ...(auto && { auto }) },
      call,
    );
    const { initMs, loadMs, warmupMs, workerTimeline } = handle.info;
    // The worker's moments on this page's clock.
    const here = (epochMs = Number.NaN) => epochMs - performance.timeOrigin;
    markStartup('model-loaded', {
      id,
      backend: handle.info.backend,
      initMs,
      loadMs,
      warmupMs,
      workerBegan: here(workerTimeline?.began),
      workerEvaluating: here(workerTimeline?.evaluating),
      workerReady: here(workerTimeline?.ready),
      loadCalled: here(workerTimeline?.loadCalled),
    });
    if (!backend) measureLater(await loadRegistry(), model);
    return handle;
  });
}

/** The load kept under `key`, or `start`ed and kept there; a failed load is forgotten, to be tried again. */
function loadOnce<T>(cache: Map<string, Promise<T>>, key: string, start: () => Promise<T>): Promise<T> {
  let load = cache.get(key);
  if (!load) {
    load = start();
    cache.set(key, load);
    load.catch(() => cache.delete(key));
  }
  return load;
}

/** The registry entry of a model, or a typed error naming it. */
export async function registryModel(id: string): Promise<ModelManifest> {
  const registry = await loadRegistry();
  const model = registry.models.find((m) => m.id === id);
  if (!model) throw new AppError('model/unknown', `The registry has no model “${id}”.`);
  return model;
}

/** Where a page or worker requests a model file: its same-origin path (remote files through their alias). */
function fileUrl(url: string): string {
  return remoteAlias(url, location.origin) ?? new URL(url, location.origin).href;
}

const TRANSLATOR_FILES: Record<keyof TranslatorFiles, string> = {
  encoder: 'onnx/encoder_model_quantized.onnx',
  decoder: 'onnx/decoder_model_merged_quantized.onnx',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
  config: 'config.json',
  generationConfig: 'generation_config.json',
};

const TRANSCRIBER_FILES: Record<keyof TranscriberFiles, string> = {
  ...TRANSLATOR_FILES,
  preprocessorConfig: 'preprocessor_config.json',
};

type WorkerModel = Promise<{ handle: number; backend: Backend }>;

/** The same-origin URLs of a registry model's files (its default variant), by role. */
export async function modelFileUrls<Files extends object>(
  id: string,
  paths: Record<keyof Files, string>,
): Promise<Files> {
  const files = defaultVariantOf(await registryModel(id)).files;
  const urls = {} as Record<keyof Files, string>;
  for (const [role, path] of Object.entries(paths) as [keyof Files, string][]) {
    const file = files.find((f) => f.path === path);
    if (!file) throw new AppError('model/unknown', `The model “${id}” has no ${path}.`);
    urls[role] = fileUrl(file.url);
  }
  return urls as Files;
}

/** The URLs of an opus-mt pair's files, as its translator loads them. */
export function translatorFileUrls(id: string): Promise<TranslatorFiles> {
  return modelFileUrls<TranslatorFiles>(id, TRANSLATOR_FILES);
}

/**
 * Loads a registry model whose files the worker fetches by role (their same-origin URLs), once
 * per id and backend; a failed load is forgotten, and a restarted worker's loads are cleared.
 */
function loadByFiles<Files extends object>(
  cache: Map<string, WorkerModel>,
  id: string,
  paths: Record<keyof Files, string>,
  load: (files: Files, backend: Backend | undefined) => WorkerModel,
): WorkerModel {
  const backend = preferredBackend();
  const first = cache.size === 0;
  const loading = loadOnce(cache, `${id}@${backend ?? 'auto'}`, async () =>
    load(await modelFileUrls<Files>(id, paths), backend),
  );
  if (first) {
    // A restarted worker has lost these models: each loads again on next use.
    const stop = inference().onRestart(() => {
      cache.clear();
      stop();
    });
  }
  return loading;
}

const translators = new Map<string, WorkerModel>();
const transcribers = new Map<string, WorkerModel>();

/** Loads an opus-mt pair (its default variant) in the worker, once; files come through the model store. */
export function loadTranslator(id: string): WorkerModel {
  return loadByFiles<TranslatorFiles>(translators, id, TRANSLATOR_FILES, (files, backend) =>
    inference().loadTranslator(files, { backend }),
  );
}

/** Loads a Whisper model (its default variant) in the worker, once; files come through the model store. */
export function loadTranscriber(id = 'whisper-tiny'): WorkerModel {
  return loadByFiles<TranscriberFiles>(transcribers, id, TRANSCRIBER_FILES, (files, backend) =>
    inference().loadTranscriber(files, { backend }),
  );
}
